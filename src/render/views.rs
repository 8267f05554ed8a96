//! View structs: exactly what templates receive, built from the domain types so templates never
//! decide anything (which rating is current, whether an action is overdue, how a date reads).

use serde::Serialize;

use crate::model::page::{Action, Apology, Finding, FindingKind, Improvement, Status};
use crate::model::seeds::{Inspection, Person};
use crate::model::standing::Standing;
use crate::model::{Date, Given, KeyQuestion, Ratings, Regulator};
use crate::sources::{Seed, Sources};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DateView {
    pub iso: String,
    pub words: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView {
            iso: d.iso(),
            words: d.words(),
        }
    }
}

/// One rating as a badge shows it. `slug` is `not-known` when the site does not know it.
///
/// Serialized by hand: `date` becomes a [`DateView`] and `note` is written out only then, so
/// the thousands of rows a directory holds keep no strings they may never show.
#[derive(Debug, Clone)]
pub(crate) struct RatingView {
    pub slug: &'static str,
    pub label: &'static str,
    pub known: bool,
    /// The key question this rating answers ("Safe"), and the question in full.
    pub question: &'static str,
    pub question_full: &'static str,
    /// The date of the report it comes from (its publication, else its last visit): always
    /// for an overall rating, and for a key question when the ratings shown with it come
    /// from reports of different dates.
    pub date: Option<Date>,
    /// The first visit, when the report has no publication date: the rating is then dated by
    /// its visits ("Inspected September to October 2019"), never by a day nobody stated.
    pub visited_from: Option<Date>,
    /// The score out of 100, where the regulator gave one.
    pub score: Option<u16>,
    /// The previous provider it was inherited from, if it was.
    pub inherited_from: Option<String>,
}

impl Serialize for RatingView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut map = serializer.serialize_struct("RatingView", 9)?;
        map.serialize_field("slug", self.slug)?;
        map.serialize_field("label", self.label)?;
        map.serialize_field("known", &self.known)?;
        map.serialize_field("question", self.question)?;
        map.serialize_field("question_full", self.question_full)?;
        match self.date {
            Some(date) => map.serialize_field("date", &DateView::from(date))?,
            None => map.skip_field("date")?,
        }
        match self.score {
            Some(score) => map.serialize_field("score", &score)?,
            None => map.skip_field("score")?,
        }
        match &self.inherited_from {
            Some(from) => map.serialize_field("inherited_from", from)?,
            None => map.skip_field("inherited_from")?,
        }
        match self.note() {
            Some(note) => map.serialize_field("note", &note)?,
            None => map.skip_field("note")?,
        }
        map.end()
    }
}

impl RatingView {
    /// Whether it is a grade of a regulator's scale, not a state such as "Not rated".
    fn is_grade(&self) -> bool {
        crate::model::Rating::ALL
            .iter()
            .any(|r| r.slug() == self.slug && r.is_grade())
    }

    /// What a reader is told beside the badge: its date, score and inheritance, when it has
    /// any ("Rated 1 March 2021; score 72 out of 100").
    pub(crate) fn note(&self) -> Option<String> {
        if self.date.is_none() && self.score.is_none() && self.inherited_from.is_none() {
            return None;
        }
        let mut parts: Vec<String> = Vec::new();
        match (self.date, self.visited_from) {
            (Some(to), Some(from)) if from != to => {
                parts.push(format!("Inspected {}", span_words(from, to)));
            }
            (Some(date), Some(_)) => parts.push(format!("Inspected {}", date.words())),
            // A state ("Not rated", "Rating suspended") was not given as a rating: it stands
            // as of the report.
            (Some(date), None) if !self.is_grade() => {
                parts.push(format!("As of {}", date.words()));
            }
            (Some(date), None) => parts.push(format!("Rated {}", date.words())),
            (None, _) => {}
        }
        if let Some(score) = self.score {
            parts.push(format!("score {score} out of 100"));
        }
        if let Some(from) = &self.inherited_from {
            parts.push(awarded_to(from));
        }
        let mut note = parts.join("; ");
        if let Some(c) = note.chars().next() {
            let upper: String = c.to_uppercase().collect();
            note.replace_range(..c.len_utf8(), &upper);
        }
        Some(note)
    }

    /// A rating the site does not have: "Not yet rated" for something no report rates.
    pub(crate) fn unknown(question: KeyQuestion, rated: bool, regulator: &Regulator) -> Self {
        RatingView {
            slug: "not-known",
            label: if rated { "Not known" } else { "Not yet rated" },
            known: false,
            question: question.label(),
            question_full: regulator.question(question),
            date: None,
            visited_from: None,
            score: None,
            inherited_from: None,
        }
    }

    /// A rating as one report gave it (`None`: the report did not rate the question).
    pub(crate) fn given(
        given: Option<&Given>,
        block: &Ratings,
        question: KeyQuestion,
        regulator: &Regulator,
    ) -> Self {
        match given {
            Some(g) => RatingView {
                slug: g.rating.slug(),
                label: regulator.label(g.rating),
                known: true,
                question: question.label(),
                question_full: regulator.question(question),
                date: None,
                visited_from: None,
                score: g.score,
                inherited_from: block.inherited_from(question).map(str::to_owned),
            },
            None => RatingView {
                slug: "none",
                label: "Not rated in this report",
                ..RatingView::unknown(question, true, regulator)
            },
        }
    }

    /// The rating of `question` that stands; dated when `dated`.
    pub(crate) fn current(
        standing: &Standing,
        question: KeyQuestion,
        dated: bool,
        regulator: &Regulator,
    ) -> Self {
        match standing.get(question) {
            Some(current) => {
                let report = current.report;
                let (date, visited_from) = if dated {
                    let visited_from = report
                        .data
                        .published
                        .is_none()
                        .then(|| report.data.visited.as_ref().map(|v| v.from))
                        .flatten();
                    (report.date(), visited_from)
                } else {
                    (None, None)
                };
                RatingView {
                    date,
                    visited_from,
                    ..RatingView::given(Some(current.given), current.block, question, regulator)
                }
            }
            None => RatingView::unknown(question, standing.is_rated(), regulator),
        }
    }

    /// The overall rating, always dated so nobody takes an old rating for today's, followed
    /// by the regulator's key questions, each dated where their reports' dates differ, or
    /// always where its rules ask for every rating's date (and where it gives no overall
    /// rating to carry one).
    pub(crate) fn all(standing: &Standing, regulator: &Regulator) -> (RatingView, Vec<RatingView>) {
        let dated = standing.dates_differ() || regulator.rules.dated || !regulator.gives_overall();
        (
            RatingView::current(standing, KeyQuestion::Overall, true, regulator),
            regulator
                .key_questions()
                .iter()
                .map(|q| RatingView::current(standing, *q, dated, regulator))
                .collect(),
        )
    }

    /// The ratings of a grid row: where dates differ, the overall rating says its date and
    /// a key question says its own only where it differs from the overall's, so a row is not
    /// six copies of one date.
    pub(crate) fn row(standing: &Standing, regulator: &Regulator) -> (RatingView, Vec<RatingView>) {
        let (overall, mut questions) = RatingView::all(standing, regulator);
        if let Some(date) = overall.date.filter(|_| regulator.gives_overall()) {
            for question in &mut questions {
                if question.date == Some(date) {
                    question.date = None;
                    question.visited_from = None;
                }
            }
        }
        (overall, questions)
    }
}

/// "awarded to X, the previous provider": the CQC asks that an inherited rating make clear it
/// was awarded to the previous provider.
pub(super) fn awarded_to(from: &str) -> String {
    let lower = from.to_lowercase();
    if lower.starts_with("the previous provider") || lower.starts_with("a previous provider") {
        format!("awarded to {from}")
    } else {
        format!("awarded to {from}, the previous provider")
    }
}

/// The regulator as a page that shows its ratings must name it: its web address as text and
/// a link to the page with the latest assessment.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RegulatorView {
    /// Its short id (`cqc`), for ids in a page.
    pub id: &'static str,
    pub name: &'static str,
    /// Its name in running text ("the Care Quality Commission", "Ofsted"), and at the start
    /// of a sentence.
    pub called: &'static str,
    pub called_start: &'static str,
    /// `www.cqc.org.uk`.
    pub web_address: &'static str,
    /// Whether its display rules ask every page that shows a rating to link to it.
    pub link: bool,
    pub home: &'static str,
    /// The page on its website with the latest assessment, when the seeds give one.
    pub assessment_url: Option<String>,
}

impl RegulatorView {
    pub(crate) fn new(regulator: &Regulator, assessment_url: Option<String>) -> Self {
        RegulatorView {
            id: regulator.id,
            name: regulator.name,
            called: regulator.called,
            called_start: regulator.called_start,
            web_address: regulator.rules.web_address,
            link: regulator.rules.link,
            home: regulator.home,
            assessment_url,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct InspectionView {
    pub id: String,
    pub regulator: String,
    /// The regulator's name in running text ("the Care Quality Commission", "Ofsted").
    pub regulator_called: &'static str,
    pub provider: String,
    /// "September to October 2019", when known.
    pub visited: Option<String>,
    /// "Inspection visit" for one day, else "Inspection visits".
    pub visited_label: &'static str,
    pub published: Option<DateView>,
    pub report_url: Option<String>,
}

/// When inspectors visited, in words: "September to October 2019".
pub(super) fn visited_words(inspection: &Inspection) -> Option<String> {
    inspection.data.visited.as_ref().map(|v| match v.to {
        Some(to) if to != v.from => span_words(v.from, to),
        _ => v.from.words(),
    })
}

impl InspectionView {
    pub(crate) fn new(inspection: &Inspection) -> Self {
        let data = &inspection.data;
        let visited = visited_words(inspection);
        let one_day = data
            .visited
            .as_ref()
            .is_some_and(|v| v.from.day().is_some() && v.to.is_none_or(|to| to == v.from));
        InspectionView {
            visited_label: if one_day {
                "Inspection visit"
            } else {
                "Inspection visits"
            },
            id: inspection.id.clone(),
            regulator: inspection.regulator().name.to_owned(),
            regulator_called: inspection.regulator().called,
            provider: data.provider.clone(),
            visited,
            published: data.published.map(DateView::from),
            report_url: data.report_url.clone(),
        }
    }
}

/// "September to October 2019", "1 to 3 February 2022", or in full when the years differ.
fn span_words(from: Date, to: Date) -> String {
    let from_words = from.words();
    let to_words = to.words();
    let year = from.year().to_string();
    // "1 to 3 February 2022" for days of one month.
    if let (Some(day), Some(_)) = (from.day(), to.day())
        && (from.year(), from.month()) == (to.year(), to.month())
    {
        return format!("{day} to {to_words}");
    }
    if from.year() == to.year()
        && let Some(head) = from_words.strip_suffix(&format!(" {year}"))
    {
        return format!("{head} to {to_words}");
    }
    format!("{from_words} to {to_words}")
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct PersonView {
    pub name: String,
    pub role: String,
}

impl From<&Person> for PersonView {
    fn from(p: &Person) -> Self {
        PersonView {
            name: p.name.clone(),
            role: p.role.clone(),
        }
    }
}

/// Where a quotation comes from, as a reader is told.
#[derive(Debug, Clone, Serialize)]
pub(super) struct CitationView {
    /// "Care Quality Commission inspection report, visits September to October 2019".
    pub title: String,
    pub url: Option<String>,
    /// "as quoted in a local news report".
    pub quoted_in: Option<String>,
}

impl CitationView {
    /// `quoted_in` is what checking the quotation found ([`crate::validate`]); a
    /// citation is never searched for again here.
    /// `named`: the page already names the statement's author beside the quotation (an
    /// apology or commitment by them), so the citation does not name them again.
    fn new(sources: &Sources, id: &str, quoted_in: Option<&str>, named: bool) -> Option<Self> {
        let seed = sources.get(id)?;
        Some(match seed {
            Seed::Inspection(i) => {
                let view = InspectionView::new(i);
                let when = match (&view.published, &view.visited) {
                    (Some(p), _) => format!(", published {}", p.words),
                    (None, Some(v)) => format!(", inspection visits {v}"),
                    (None, None) => String::new(),
                };
                CitationView {
                    title: format!("{} inspection report{when}", view.regulator),
                    url: view.report_url,
                    quoted_in: quoted_in.map(str::to_owned),
                }
            }
            Seed::Statement(s) => {
                let by = &s.data.by;
                let mut title = if named {
                    "their statement".to_owned()
                } else {
                    format!("Statement by {}, {}", by.name, by.role)
                };
                if let Some(date) = s.data.date {
                    title.push_str(&format!(", {}", date.words()));
                }
                CitationView {
                    title,
                    url: s.data.url.clone(),
                    quoted_in: s.data.published_in.clone(),
                }
            }
        })
    }
}

/// Text the writer typed as plain paragraphs (blank lines between them).
pub(super) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct FindingView {
    pub kind: &'static str,
    pub paragraphs: Vec<String>,
    /// Present when the finding is a checked quotation.
    pub citation: Option<CitationView>,
}

impl FindingView {
    pub(super) fn new(sources: &Sources, finding: &Finding) -> Self {
        FindingView {
            kind: match finding.kind {
                FindingKind::Strength => "strength",
                FindingKind::Concern => "concern",
            },
            paragraphs: paragraphs(&finding.text),
            citation: finding
                .source
                .as_deref()
                .and_then(|id| CitationView::new(sources, id, finding.quoted_in.as_deref(), false)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct ApologyView {
    pub by: PersonView,
    pub to: Option<String>,
    pub date: Option<DateView>,
    pub paragraphs: Vec<String>,
    pub citation: Option<CitationView>,
}

impl ApologyView {
    pub(super) fn new(sources: &Sources, a: &Apology) -> Self {
        ApologyView {
            by: PersonView::from(&a.by),
            to: a.to.clone(),
            date: a.date.map(DateView::from),
            paragraphs: paragraphs(&a.text),
            citation: a
                .source
                .as_deref()
                .and_then(|id| CitationView::new(sources, id, a.quoted_in.as_deref(), true)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct UpdateView {
    pub date: DateView,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct ActionView {
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<DateView>,
    /// `not-started`, `in-progress`, `done` or `overdue`, with the words a reader sees.
    pub status: &'static str,
    pub status_label: &'static str,
    /// The writer's status in words, which "Overdue" would otherwise hide.
    pub progress_label: &'static str,
    pub overdue: bool,
    /// Newest first.
    pub updates: Vec<UpdateView>,
}

impl ActionView {
    pub(super) fn new(action: &Action, today: Date) -> Self {
        let overdue = action.status != Status::Done
            && action.due.is_some_and(|due| due.is_wholly_before(&today));
        let mut updates: Vec<UpdateView> = action
            .updates
            .iter()
            .map(|u| UpdateView {
                date: u.date.into(),
                paragraphs: paragraphs(&u.text),
            })
            .collect();
        updates.sort_by(|a, b| b.date.iso.cmp(&a.date.iso));
        let (status, status_label) = if overdue {
            ("overdue", "Overdue")
        } else {
            let slug = match action.status {
                Status::NotStarted => "not-started",
                Status::InProgress => "in-progress",
                Status::Done => "done",
            };
            (slug, action.status.label())
        };
        ActionView {
            title: action.title.clone(),
            owner: action.owner.clone(),
            due: action.due.map(DateView::from),
            status,
            status_label,
            progress_label: action.status.label(),
            overdue,
            updates,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct ImprovementView {
    pub by: Option<PersonView>,
    pub paragraphs: Vec<String>,
    pub citation: Option<CitationView>,
    pub actions: Vec<ActionView>,
}

impl ImprovementView {
    pub(super) fn new(sources: &Sources, i: &Improvement, today: Date) -> Self {
        ImprovementView {
            by: i.by.as_ref().map(PersonView::from),
            paragraphs: paragraphs(&i.text),
            citation: i.source.as_deref().and_then(|id| {
                CitationView::new(sources, id, i.quoted_in.as_deref(), i.by.is_some())
            }),
            actions: i
                .actions
                .iter()
                .map(|a| ActionView::new(a, today))
                .collect(),
        }
    }
}

/// A service as the ratings grid and lists show it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ServiceRow {
    pub id: String,
    pub title: String,
    pub url: String,
    /// The location it was rated at, by the regulator's name for it.
    pub location: Option<String>,
    /// The location's id in the seeds.
    #[serde(skip)]
    pub location_id: Option<String>,
    pub overall: RatingView,
    pub questions: Vec<RatingView>,
    /// Rated by a report, but on none of the five key questions: the grid gives its five
    /// question cells as one, saying so.
    pub overall_only: bool,
    /// In the list of services that most need to improve: the regulator, when it is not the
    /// site's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<&'static str>,
}

/// Whether a report rates `standing`'s service, trust or location, but none of its key
/// questions (many reports give only an overall rating).
pub(crate) fn overall_only(standing: &Standing, regulator: &Regulator) -> bool {
    regulator.gives_overall()
        && standing.is_rated()
        && regulator
            .key_questions()
            .iter()
            .all(|q| standing.get(*q).is_none())
}

/// Whether a table of ratings gives each key question a column: yes unless its rows rated by
/// a report are all rated only overall, when five columns would say "Not known" in every row.
pub(crate) fn grid_has_key_questions(rows: &[ServiceRow]) -> bool {
    rows.iter().any(|r| r.questions.iter().any(|q| q.known)) || !rows.iter().any(|r| r.overall_only)
}

/// What one report gave a service: every report that rated it is a row of its history.
#[derive(Debug, Clone, Serialize)]
pub(super) struct HistoryRow {
    /// When the report was published, or else when inspectors visited ("September to October
    /// 2019").
    pub published: Option<DateView>,
    pub visited: Option<String>,
    pub overall: HistoryCell,
    pub questions: Vec<HistoryCell>,
    /// False when the report rated none of the five key questions: the history gives its
    /// five question cells as one, saying so.
    pub key_questions: bool,
}

/// What one report gave one key question, for the history: a page holds dozens, so only what
/// a cell shows.
#[derive(Debug, Clone, Serialize)]
pub(super) struct HistoryCell {
    pub slug: &'static str,
    pub label: &'static str,
    /// False where the report did not rate the question.
    pub known: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl HistoryCell {
    pub(super) fn new(block: &Ratings, question: KeyQuestion, regulator: &Regulator) -> Self {
        let view = RatingView::given(block.get(question), block, question, regulator);
        HistoryCell {
            slug: view.slug,
            label: view.label,
            known: view.known,
            note: view.note(),
        }
    }
}

/// The services rated at one location, for the grid grouped by location.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GridGroup {
    /// The location's name; `None` for services rated across the whole trust.
    pub location: Option<String>,
    #[serde(skip)]
    pub location_id: Option<String>,
    /// The location's own overall rating, when a report gives one.
    pub overall: Option<RatingView>,
    pub services: Vec<ServiceRow>,
    /// Whether its table has a column for each key question ([`grid_has_key_questions`]).
    pub key_questions: bool,
}

/// A link in the site's navigation; templates mark the one whose `url` is the page's.
#[derive(Debug, Clone, Serialize)]
pub(super) struct NavLink {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct ContactView {
    pub phone: Option<String>,
    /// The phone number as a `tel:` link.
    pub phone_href: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub text_html: Option<String>,
}

/// What every page knows about the site.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SiteView {
    pub title: String,
    pub language: String,
    pub description: Option<String>,
    pub organisation: String,
    pub organisation_url: Option<String>,
    /// The base path (`/` or `/repo/`), for building links.
    pub root: String,
    /// Static file name (`style.css`) to its URL, content-hashed for stylesheets and scripts.
    pub assets: std::collections::BTreeMap<String, String>,
    pub feed: String,
    pub embed_url: String,
    pub contact: ContactView,
    /// The site's banner (`notice:`), as HTML.
    pub notice_html: Option<String>,
    pub nav: Vec<NavLink>,
    pub accessibility_url: Option<String>,
    /// The page explaining the ratings (`content/about-ratings.md`), when the site has one.
    pub ratings_explained_url: Option<String>,
    /// Reports shown before their publication date, in the writers' preview.
    pub shown_early: Vec<EarlyReport>,
    /// The regulators whose ratings the site shows, each with what it is: "the Care Quality
    /// Commission, the independent regulator of health and social care in England".
    pub regulators: Vec<String>,
}

/// A report the preview shows before its publication date.
#[derive(Debug, Clone, Serialize)]
pub(super) struct EarlyReport {
    pub id: String,
    pub published: DateView,
}

/// What the page being rendered is, for `<head>`: title, description, canonical URL.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PageMeta {
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub canonical: String,
    /// Schema.org JSON-LD for the page, ready for a `<script type="application/ld+json">`.
    pub json_ld: String,
    pub reviewed: Option<DateView>,
    pub next_review: Option<DateView>,
    /// True when the next-review date has passed.
    pub review_overdue: bool,
    /// A draft page, in a build that includes drafts: shown with a banner, never indexed.
    pub draft: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct ServicePageView {
    pub id: String,
    /// The regulator's name for the service, when it differs from the page's title (the
    /// regulator of `panels`' first).
    pub regulator_name: Option<String>,
    /// The location it was rated at.
    pub location: Option<String>,
    /// Whether any report rates it.
    pub rated: bool,
    pub summary_html: String,
    pub body_html: String,
    /// The ratings of each regulator that rates it, the one it is listed with first: a
    /// children's home's CQC ratings, then its Ofsted judgements.
    pub panels: Vec<PanelView>,
    pub strengths: Vec<FindingView>,
    pub concerns: Vec<FindingView>,
    pub apology: Option<ApologyView>,
    pub improvement: Option<ImprovementView>,
}

/// One regulator's ratings of a service, in a panel of their own.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PanelView {
    pub regulator: RegulatorView,
    /// Its overall rating, when it gives one (`gives_overall`).
    pub overall: RatingView,
    pub questions: Vec<RatingView>,
    pub gives_overall: bool,
    /// False when the reports that rate it rated none of the key questions: the panel says
    /// so once instead of listing five "Not known".
    pub key_questions: bool,
    /// Its questions, to end a sentence: "the five key questions: is it safe, ...?"; only
    /// where the panel says it did not rate them (`key_questions` false).
    #[serde(skip_serializing_if = "str::is_empty")]
    pub questions_are: &'static str,
    /// The reports its ratings come from, newest first (several after a focused
    /// inspection).
    pub reports: Vec<InspectionView>,
    /// What each report of this regulator's gave, newest first; none when one report rates
    /// it.
    pub history: Vec<HistoryRow>,
    /// Whether any report of the history rated a key question: if none did, the history has
    /// no columns for them.
    pub history_key_questions: bool,
    /// The regulator's questions, as the history's columns name them (none without a
    /// history).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history_questions: Vec<&'static str>,
}

/// The services another regulator rates, in a table with its own columns.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OtherGrid {
    /// For the heading's id.
    pub id: &'static str,
    pub regulator: RegulatorView,
    pub gives_overall: bool,
    pub questions_are: &'static str,
    pub services: Vec<ServiceRow>,
    pub key_questions: bool,
    /// How many more it rates than the table lists.
    pub more: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct HomeView {
    pub body_html: String,
    /// The provider's rating from the latest report that rated it as a whole.
    pub overall: RatingView,
    pub questions: Vec<RatingView>,
    /// The reports its ratings come from, newest first.
    pub reports: Vec<InspectionView>,
    pub regulator: RegulatorView,
    /// The regulator whose grid follows (the site's own), for the sentence before it.
    pub grid_regulator: RegulatorView,
    /// The first page of the grid of every service, in title order (by location first, when
    /// reports rate locations).
    pub services: Vec<ServiceRow>,
    /// The same services grouped by location, when reports rate locations.
    pub groups: Vec<GridGroup>,
    /// Whether the grid of `services` has a column for each key question
    /// ([`grid_has_key_questions`]; each group decides its own).
    pub key_questions: bool,
    /// Links to every page of the grid, when it has more than one.
    pub grid_pages: Vec<GridLink>,
    /// Whether the site's own regulator gives an overall rating, and its questions, for the
    /// grid's columns and the sentence before it.
    pub gives_overall: bool,
    pub questions_are: &'static str,
    /// Whether the site's own regulator rates a provider as a whole (the CQC does): if not,
    /// and no report does, the home page has no overall rating to show.
    pub rates_providers: bool,
    /// Inadequate, then requires improvement (the first few).
    pub attention: Vec<ServiceRow>,
    /// How many more need attention than are listed.
    pub attention_more: usize,
    /// The services other regulators rate, a table for each.
    pub others: Vec<OtherGrid>,
}

/// A page of the ratings grid, for pagination.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GridLink {
    pub number: usize,
    pub url: String,
}

/// A later page of the ratings grid, for sites with many services.
#[derive(Debug, Clone, Serialize)]
pub(super) struct GridView {
    pub number: usize,
    pub regulator: RegulatorView,
    pub services: Vec<ServiceRow>,
    pub groups: Vec<GridGroup>,
    /// As [`HomeView::key_questions`].
    pub key_questions: bool,
    pub grid_pages: Vec<GridLink>,
    /// As [`HomeView::gives_overall`].
    pub gives_overall: bool,
    pub questions_are: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct PlainView {
    pub body_html: String,
}

/// What a badge of an overall rating says for a regulator that gives none.
pub(crate) const NO_OVERALL: &str = "No overall rating";

/// The rating as one sentence, for an image's text alternative. `regulator` is its name in
/// running text ("the Care Quality Commission", "Ofsted").
pub(super) fn rating_sentence(name: &str, r: &RatingView, regulator: &str) -> String {
    let sentence = match r.slug {
        "not-known" if r.label == "Not yet rated" => format!("{name}: not yet rated"),
        "not-known" if r.label == NO_OVERALL => {
            format!("{name}: {regulator} gives no overall rating")
        }
        "not-known" => format!("{name}: rating not known"),
        "not-rated" => format!("{name}: not rated by {regulator}"),
        "inspected-but-not-rated" => format!("{name}: inspected but not rated by {regulator}"),
        "suspended" => format!("{name}: rating suspended by {regulator}"),
        _ => format!("{name}: rated {} by {regulator}", r.label),
    };
    match &r.inherited_from {
        Some(from) => format!("{sentence} ({})", awarded_to(from)),
        None => sentence,
    }
}

/// A standalone SVG badge: the rating's word, its icon, and the theme's colours for it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BadgeView {
    pub title: String,
    pub r: RatingView,
    pub width: u32,
    pub text: String,
    pub accent: String,
    pub background: String,
}

impl BadgeView {
    pub(super) fn new(
        name: &str,
        r: RatingView,
        regulator: &str,
        colours: &std::collections::BTreeMap<String, String>,
    ) -> Self {
        let colour = |key: &str, fallback: &str| {
            colours
                .get(key)
                .cloned()
                .unwrap_or_else(|| fallback.to_owned())
        };
        let family = crate::model::Rating::ALL
            .iter()
            .find(|rating| rating.slug() == r.slug)
            .map_or("not-rated", |rating| rating.family());
        // Bold system-font text is about 8.5 px a character at 14 px; the icon and padding
        // take 44 px.
        let width = 44 + (r.label.chars().count() as u32 * 17).div_ceil(2);
        BadgeView {
            title: rating_sentence(name, &r, regulator),
            width,
            text: colour("text", "#0b0c0c"),
            accent: colour(family, "#0b0c0c"),
            background: colour(&format!("{family}-bg"), "#ffffff"),
            r,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EmbedItem {
    pub name: String,
    pub rating: RatingView,
    pub badge_path: String,
    pub alt: String,
    /// The HTML a web editor pastes into another site.
    pub snippet: String,
    /// The snippet itself, to show as it reads, for a regulator that gives no overall rating
    /// (no badge then).
    pub text_html: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EmbedView {
    pub regulator: RegulatorView,
    pub items: Vec<EmbedItem>,
    /// Services left off the page, whose badges follow the same pattern.
    pub more: usize,
    pub ratings_json: String,
    pub feed: String,
}
