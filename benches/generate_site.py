#!/usr/bin/env python3
"""Writes a synthetic carepages site of N service pages, for build benchmarks.

    python3 benches/generate_site.py N OUT_DIR [--seed S]

Standard library only (Python 3.11). The same N and seed always give the same files.

The site mirrors the shapes of tests/fixtures/showcase, made up from a generated vocabulary of
plain English sentences for "Example Regional NHS Trust":

- carepages.yaml, content/_index.md, content/accessibility.md;
- content/services/svc-00001.md ... one page per service, about 1,000 words on average (from
  about 200 to about 2,500): a summary, findings (strengths and concerns, some quoting an
  inspection word for word with `source:`), an apology on about a third of pages (some quoting
  a statement), an improvement with 1-4 actions (every status, past and future due dates,
  0-3 dated updates), review dates, and a Markdown body with headings, paragraphs, bullet and
  numbered lists, a table, links (https and relative) and emphasis;
- seeds/inspections/: three reports per block of 1,000 services, each rating a slice of the
  block (most services are rated by two reports, so they have rating history), with the
  passages pages quote;
- seeds/statements/: six statements by the trust's leaders.

Every rating value and every action status appears (for N of about 20 or more). Nothing is
raw HTML, every quotation is in its source, every link leads somewhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import re
import shutil
import sys
import time

TRUST = "Example Regional NHS Trust"
BASE_URL = "https://ratings.example.org/trust/"
TODAY = dt.date(2026, 11, 22)  # the date bench.sh builds with; due dates fall either side
BLOCK = 1000  # services per block; each block has its own three inspection reports

RATINGS = ["outstanding", "good", "requires-improvement", "inadequate", "not-rated"]
RATING_WEIGHTS = [10, 50, 22, 9, 9]
RATING_WORDS = {
    "outstanding": "outstanding",
    "good": "good",
    "requires-improvement": "requires improvement",
    "inadequate": "inadequate",
    "not-rated": "not rated",
}
QUESTIONS = ["safe", "effective", "caring", "responsive", "well-led"]
STATUSES = ["not-started", "in-progress", "done"]

# ---------------------------------------------------------------------------------------------
# Vocabulary. Every sentence is built from these pieces, so none contains ": ", " #", "<",
# "*", "_", "|" or "[" that could change meaning in YAML or Markdown.
# ---------------------------------------------------------------------------------------------

STAFF = [
    "Staff", "Nurses", "Doctors", "Therapists", "Healthcare assistants", "Support workers",
    "Receptionists", "Pharmacists", "Ward managers", "Team leaders", "Health visitors",
    "Occupational therapists", "Physiotherapists", "Speech and language therapists",
    "Psychologists", "Community nurses", "Student nurses", "Volunteers", "Porters",
    "Matrons", "Consultants", "Dietitians", "Midwives", "Paramedics", "Care coordinators",
]
PEOPLE = [
    "patients", "families", "carers", "young people", "older people", "parents",
    "people who use the service", "children", "relatives", "visitors", "new patients",
    "people with a learning disability", "people who need an interpreter",
    "people living alone", "people waiting for surgery", "people with long-term conditions",
]
THINGS = [
    "care plans", "medicines", "risks to patients", "waiting times", "test results",
    "safeguarding concerns", "discharge plans", "pain scores", "allergies", "fluid charts",
    "falls risks", "nutrition needs", "consent to treatment", "incident reports",
    "complaints", "referrals", "appointment letters", "equipment checks",
    "infection control audits", "staff training records", "handover notes",
    "emergency equipment", "mental capacity assessments", "follow-up appointments",
    "patient records", "medicine fridges", "controlled drugs", "wound care plans",
]
WHEN = [
    "every day", "at each visit", "before the end of each shift", "at every handover",
    "when things went wrong", "each week", "before patients went home", "on admission",
    "when a patient's needs changed", "in good time", "as often as they should",
    "at weekends", "overnight", "after each appointment", "within the expected time",
    "when they were busy", "during the winter months", "in line with trust policy",
]
VERBS_PAST = [
    "checked", "recorded", "reviewed", "shared", "discussed", "planned", "explained",
    "updated", "followed up", "managed", "monitored", "completed", "assessed", "audited",
]
VERBS_BASE = [
    "check", "record", "review", "share", "discuss", "plan", "explain", "update",
    "follow up", "manage", "monitor", "complete", "assess", "audit",
]
KIND = [
    "kindness", "compassion", "dignity and respect", "patience", "warmth and care",
    "kindness and respect", "understanding", "care and compassion",
]
PLACES = [
    "ward", "waiting room", "clinic", "day room", "treatment room", "reception area",
    "garden", "kitchen", "corridor", "consulting room", "therapy room", "outpatient area",
]
PLACE_GOOD = [
    "clean, bright and well kept", "calm and welcoming", "tidy and easy to find",
    "quiet and comfortable", "well signed and accessible", "clean and free of clutter",
]
PLACE_BAD = [
    "cluttered and hard to move around", "too small for the number of patients",
    "not always clean", "in need of repair", "too hot in the summer",
    "noisy and lacking privacy", "poorly signed and hard to find",
]
DURATIONS = [
    "more than four hours", "several weeks", "longer than the national target",
    "over a year", "more than three months", "most of the day", "too long",
    "more than eighteen weeks", "up to six hours", "more than two weeks",
]
PARTNERS = [
    "GPs", "social workers", "local councils", "schools", "care homes", "other hospitals",
    "voluntary groups", "the ambulance service", "community teams", "pharmacies",
]
TASKS = [
    "do their jobs well", "keep patients safe", "support people in a crisis",
    "give medicines safely", "recognise signs of abuse", "care for people at the end of life",
    "move patients safely", "use the new records system", "support people with dementia",
    "respond to a deteriorating patient", "care for children and young people",
]
EQUIPMENT = [
    "resuscitation equipment", "hoists", "blood pressure monitors", "oxygen cylinders",
    "wheelchairs", "fire doors", "call bells", "beds and mattresses", "first aid kits",
]
WHAT = [
    "how to make a complaint", "who was in charge of their care", "when they would be seen",
    "what their medicines were for", "how to get help out of hours", "what would happen next",
    "who to contact if things got worse", "why their appointment had been moved",
]
HOURS = [
    "from 8am to 8pm, Monday to Friday", "every day of the year", "from 9am to 5pm on weekdays",
    "24 hours a day", "from 8am to 6.30pm on weekdays and from 9am to 1pm on Saturdays",
    "on weekday mornings", "in the evenings until 9pm",
]
CONTACT_WAYS = [
    "calling the team", "asking at reception", "speaking to your GP", "emailing the service",
    "asking the nurse in charge", "using the online form", "writing to the patient advice team",
]
FUTURE_ACTIONS = [
    "contact you", "send you a letter", "agree a plan with you", "review your care",
    "call you back", "arrange a home visit", "explain the next steps",
    "check how you are getting on", "book your next appointment",
]
WHEN_FUTURE = [
    "within two working days", "before your first appointment", "within a week",
    "on the same day", "after your assessment", "when your results are ready",
    "before you leave", "within ten working days",
]
NEEDS = [
    "an interpreter", "information in large print", "a longer appointment",
    "a quiet place to wait", "help getting here", "information in easy read",
    "step-free access", "a hearing loop", "to bring someone with you",
]
ASKS = [
    "tell us when you book", "let the team know", "ask at reception",
    "mention it when we call you", "tell the nurse in charge", "call us before you come",
]
WHERE = [
    "at the health centre", "in your own home", "at the community hospital", "by video call",
    "at your GP surgery", "in the outpatient department", "at a local clinic", "by telephone",
]
PERIODS = [
    "over the last year", "since the inspection", "in the last six months",
    "this spring", "during the past winter", "over the summer", "since January",
]
COMMITS = [
    "recruit more nurses", "cut waiting times", "check every waiting patient regularly",
    "train every member of staff in safeguarding", "repair the ward", "publish our waiting times",
    "review every care plan", "improve how we record medicines", "answer complaints sooner",
    "open more appointments in the evening", "replace the old equipment",
    "listen to what patients tell us", "make our letters easier to read",
    "improve how teams share information", "reduce the use of agency staff",
]
SUFFERED = [
    "waited too long to be seen", "did not get the care they should have",
    "were not kept informed", "had their appointments cancelled at short notice",
    "were not treated with the dignity they deserve", "did not know who to contact",
    "were not involved in decisions about their care", "had to repeat their story many times",
    "found our services hard to reach", "received their medicines late",
]
UPDATE_TEXTS = [
    "Two nurses have started.", "The new rota began this month.", "Work has started on site.",
    "The first training sessions took place.", "An audit showed early improvement.",
    "The plan was agreed with the board.", "Funding has been agreed.",
    "Patients helped us design the new leaflet.", "The new system went live.",
    "Half of the staff have now been trained.", "Recruitment is under way.",
    "The work is complete and has been checked.", "We asked patients what they thought.",
    "Waiting times fell for the third month in a row.", "The contractor has been appointed.",
]
SERVICE_TYPES = [
    "District nursing", "Memory clinic", "Urgent care centre", "Podiatry",
    "Wheelchair and seating service", "Community mental health team for adults",
    "Speech and language therapy for children", "Health visiting", "School nursing",
    "Community dental service", "Minor injuries unit", "Rehabilitation ward",
    "Older people's mental health ward", "Learning disability service",
    "Physiotherapy outpatients", "Musculoskeletal service", "Diabetes service",
    "Heart failure nursing", "Respiratory service", "Continence service",
    "Tissue viability service", "Sexual health clinic", "Eating disorders service",
    "Perinatal mental health team", "Crisis resolution and home treatment team",
    "Child and adolescent mental health service", "Community hospital inpatient ward",
    "End of life care", "Stroke rehabilitation", "Falls prevention service",
    "Psychological therapies service", "Early intervention in psychosis team",
    "Neurological rehabilitation", "Audiology", "Orthotics", "Dietetics",
    "Occupational therapy", "Community paediatrics", "Phlebotomy", "Lymphoedema service",
]
PLACE_START = [
    "Ash", "Brook", "Elm", "Fern", "Hazel", "Holly", "Kings", "Lark", "Maple", "Mill",
    "North", "Oak", "Pine", "Rose", "South", "Stone", "Thorn", "Wel", "West", "Wil",
    "Bram", "Clay", "Dun", "Gold", "Har", "Lin", "Marsh", "Red", "Sand", "Wood",
]
PLACE_END = [
    "bury", "by", "combe", "den", "field", "ford", "gate", "ham", "hurst", "ley", "mead",
    "minster", "moor", "stead", "thorpe", "ton", "well", "wick", "worth", "bridge",
]
FIRST_NAMES = [
    "Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Morgan", "Taylor", "Jordan",
    "Casey", "Riley", "Avery", "Quinn", "Charlie", "Frankie", "Ashley", "Dana", "Lee", "Kim",
]
SURNAMES = ["Example", "Sample", "Demo", "Placeholder", "Specimen", "Model", "Pattern"]
ROLES = [
    "Chief executive", "Director of nursing", "Medical director", "Chief operating officer",
    "Service manager", "Clinical director", "Head of quality", "Matron",
    "Director of estates", "Head of patient experience", "Ward manager", "Team leader",
]
HEADINGS = [
    "About this service", "How to get here", "Opening times", "What to expect",
    "Your first appointment", "Who works here", "What patients told us", "Waiting times",
    "Getting help in a crisis", "Making a complaint", "Visiting", "Interpreters",
    "Accessible information", "Your medicines", "Training for staff", "Staffing",
    "Keeping you safe", "Working with other services", "Our plans for next year",
    "How we measure quality", "Privacy and your records", "Parking and transport",
    "Support for carers", "Leaving our care", "Feedback from families", "Research",
]
SUBHEADINGS = [
    "Before you come", "On the day", "After your visit", "If you are worried",
    "For children and young people", "For carers", "Out of hours", "Useful numbers",
    "What we changed", "What we still need to do", "Our figures", "In an emergency",
]
LIST_ITEMS = [
    "a list of your current medicines", "your appointment letter", "your glasses or hearing aids",
    "something to eat and drink", "the name of your GP", "any questions you want to ask",
    "a friend or relative if you would like one", "details of any allergies",
    "your NHS number if you know it", "comfortable clothes", "a book or something to do",
    "the contact details of your carer", "any letters from other hospitals",
]
STEPS = [
    "Your GP or another professional refers you to us.",
    "We write to you with a date and time.",
    "A member of the team calls you to talk about your needs.",
    "You meet your named nurse or therapist.",
    "Together we agree a plan for your care.",
    "We review the plan with you regularly.",
    "When you are ready, we agree when your care with us will end.",
    "We send a summary to your GP.",
]
LINK_TEXTS = [
    ("national guidance", "guidance"), ("the NHS website", "health-a-z"),
    ("how to make a complaint", "complaints"), ("our annual report", "annual-report"),
    ("the patient advice and liaison service", "pals"), ("help with travel costs", "travel"),
    ("how we use your information", "privacy"), ("the latest figures", "figures"),
    ("our equality report", "equality"), ("volunteering with us", "volunteering"),
]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]


class Rng(random.Random):
    """random.Random with cheaper draws (the standard ones check their arguments at length,
    which dominates the time of writing 100,000 pages). Still deterministic for a seed."""

    def _randbelow(self, n: int) -> int:  # used by sample() and shuffle()
        return int(self.random() * n)

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:  # type: ignore[override]
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):  # type: ignore[override]
        return seq[int(self.random() * len(seq))]


def strength_sentence(r: random.Random) -> str:
    c = r.choice
    match r.randrange(9):
        case 0:
            return f"{c(STAFF)} treated {c(PEOPLE)} with {c(KIND)}."
        case 1:
            return f"{c(STAFF)} {c(VERBS_PAST)} {c(THINGS)} {c(WHEN)}."
        case 2:
            return f"{c(PEOPLE).capitalize()} told us that {c(STAFF).lower()} listened to them."
        case 3:
            return f"The {c(PLACES)} was {c(PLACE_GOOD)}."
        case 4:
            return f"Most {c(PEOPLE)} said they would recommend the service to friends and family."
        case 5:
            return f"{c(STAFF)} worked well with {c(PARTNERS)} to plan care for {c(PEOPLE)}."
        case 6:
            return f"{c(STAFF)} had the training they needed to {c(TASKS)}."
        case 7:
            return f"Leaders were visible and {c(STAFF).lower()} said they felt supported."
        case _:
            return f"{c(STAFF)} explained {c(THINGS)} in a way {c(PEOPLE)} could understand."


def concern_sentence(r: random.Random) -> str:
    c = r.choice
    match r.randrange(8):
        case 0:
            return f"{c(STAFF)} did not always {c(VERBS_BASE)} {c(THINGS)} {c(WHEN)}."
        case 1:
            return f"Some {c(PEOPLE)} waited {c(DURATIONS)} to be seen."
        case 2:
            return f"There were not enough {c(STAFF).lower()} to {c(TASKS)}."
        case 3:
            return f"The {c(PLACES)} was {c(PLACE_BAD)}."
        case 4:
            return f"{c(PEOPLE).capitalize()} told us they did not always know {c(WHAT)}."
        case 5:
            return f"Managers did not always act on {c(THINGS)} {c(WHEN)}."
        case 6:
            return f"Some {c(EQUIPMENT)} had not been checked {c(WHEN)}."
        case _:
            return f"{c(STAFF)} did not always have time to {c(VERBS_BASE)} {c(THINGS)}."


def info_sentence(r: random.Random) -> str:
    c = r.choice
    match r.randrange(8):
        case 0:
            return f"The service is open {c(HOURS)}."
        case 1:
            return f"You can get help by {c(CONTACT_WAYS)}."
        case 2:
            return f"{c(STAFF)} will {c(FUTURE_ACTIONS)} {c(WHEN_FUTURE)}."
        case 3:
            return f"If you need {c(NEEDS)}, please {c(ASKS)}."
        case 4:
            return f"Appointments take place {c(WHERE)}."
        case 5:
            return f"We {c(VERBS_PAST)} {c(THINGS)} {c(PERIODS)}."
        case 6:
            return f"We work with {c(PARTNERS)} to support {c(PEOPLE)}."
        case _:
            return f"{c(STAFF)} {c(VERBS_BASE)} {c(THINGS)} with {c(PEOPLE)} {c(WHEN)}."


def pool(make, r: random.Random, size: int) -> list[tuple[str, int]]:
    """`size` distinct sentences from `make`, with their word counts."""
    seen: dict[str, None] = {}
    tries = 0
    while len(seen) < size and tries < size * 20:
        seen[make(r)] = None
        tries += 1
    return [(s, s.count(" ") + 1) for s in seen]


# ---------------------------------------------------------------------------------------------
# YAML and dates
# ---------------------------------------------------------------------------------------------

_PLAIN_OK = re.compile(r"^[A-Za-z0-9\u201c\u2018][^\n]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def y(text: str, flow: bool = False) -> str:
    """A YAML scalar: plain when it is safe, else double-quoted."""
    safe = (
        _PLAIN_OK.match(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.strip() == text
        and text.lower() not in _RESERVED
        and not (flow and any(ch in text for ch in ",[]{}"))
        and not text.replace(".", "", 1).replace("-", "").isdigit()
    )
    if safe:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def iso(d: dt.date, month_only: bool = False) -> str:
    return d.strftime("%Y-%m") if month_only else d.isoformat()


def day_between(r: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=r.randrange((end - start).days + 1))


def wrap(text: str, indent: str, width: int = 92) -> str:
    """Breaks `text` into lines of at most `width` (for folded YAML scalars)."""
    lines, line = [], indent
    for word in text.split(" "):
        if len(line) + len(word) + 1 > width and line.strip():
            lines.append(line)
            line = indent
        line += ("" if line == indent else " ") + word
    lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The plan: which report rates which service, and how
# ---------------------------------------------------------------------------------------------


class Report:
    def __init__(self, rid: str, published: dt.date | None, published_month_only: bool,
                 visited_from: dt.date, visited_to: dt.date | None):
        self.id = rid
        self.published = published
        self.published_month_only = published_month_only
        self.visited_from = visited_from
        self.visited_to = visited_to
        self.services: dict[str, dict[str, str]] = {}
        self.names: dict[str, str] = {}
        self.passages: list[tuple[list[str], str | None]] = []  # (sentences, quoted_in)
        self.provider: dict[str, str] = {}


def rating_set(r: random.Random) -> dict[str, str]:
    ratings = {"overall": r.choices(RATINGS, RATING_WEIGHTS)[0]}
    detail = r.random()
    if ratings["overall"] == "not-rated" or detail < 0.2:
        return ratings  # only an overall rating
    keep = 5 if detail < 0.65 else r.randint(1, 4)  # some key questions left out
    for q in sorted(r.sample(QUESTIONS, keep), key=QUESTIONS.index):
        ratings[q] = r.choices(RATINGS, RATING_WEIGHTS)[0]
    return ratings


def plan_reports(n: int, r: random.Random, ids: list[str]) -> tuple[list[Report], dict[str, list[Report]]]:
    reports: list[Report] = []
    rated_by: dict[str, list[Report]] = {sid: [] for sid in ids}
    blocks = (n + BLOCK - 1) // BLOCK
    for b in range(blocks):
        members = ids[b * BLOCK:(b + 1) * BLOCK]
        block_reports = []
        for k in range(3):
            # Reports of a block are years apart and in the order of k: 2018-20, 2021-23,
            # 2024-26, all published before TODAY.
            year = 2018 + 3 * k + r.randrange(3)
            month = r.randint(1, 12 if year < 2026 else 6)
            visited_from = dt.date(year, month, 1)
            visited_to = visited_from + dt.timedelta(days=r.randrange(10, 60))
            published = visited_to + dt.timedelta(days=r.randrange(60, 150))
            month_only = r.random() < 0.1
            if r.random() < 0.08:  # only the visit is known, as in the example site
                published = None
            rep = Report(f"cqc-{year}-{b + 1:04d}", published, month_only, visited_from,
                         visited_to if r.random() < 0.8 else None)
            rep.provider = rating_set(r)
            block_reports.append(rep)
            reports.append(rep)
        for sid in members:
            x = r.random()
            if x < 0.60:
                chosen = r.sample(range(3), 2)  # most services: two reports, so history
            elif x < 0.75:
                chosen = [0, 1, 2]
            elif x < 0.90:
                chosen = [r.randrange(3)]
            else:
                chosen = []  # not rated yet
            for k in sorted(chosen):
                rep = block_reports[k]
                rep.services[sid] = rating_set(r)
                if r.random() < 0.03:
                    rep.names[sid] = "Community services in the " + r.choice(PLACE_START) + " area"
                rated_by[sid].append(rep)
        for rep in block_reports:
            count = max(12, min(200, len(rep.services) // 6))
            for _ in range(count):
                sentences = [
                    concern_sentence(r) if r.random() < 0.45 else strength_sentence(r)
                    for _ in range(r.randint(2, 5))
                ]
                quoted_in = "the Example Gazette" if r.random() < 0.05 else None
                rep.passages.append((sentences, quoted_in))
    # Every rating value appears at least once, whatever N is.
    first = reports[0]
    for sid, value in zip(sorted(first.services), RATINGS):
        first.services[sid]["overall"] = value
        if value == "not-rated":
            first.services[sid] = {"overall": "not-rated"}
    first.provider = {"overall": "requires-improvement", "safe": "inadequate", "effective": "good",
                      "caring": "outstanding", "responsive": "good", "well-led": "not-rated"}
    return reports, rated_by


def write_report(rep: Report, path: str) -> None:
    out = [
        "regulator: Care Quality Commission",
        f"provider: {TRUST}",
    ]
    if rep.visited_to and iso(rep.visited_to, True) != iso(rep.visited_from, True):
        out.append(f"visited: {{ from: {iso(rep.visited_from, True)}, to: {iso(rep.visited_to, True)} }}")
    else:
        out.append(f"visited: {{ from: {iso(rep.visited_from, True)} }}")
    if rep.published:
        out.append(f"published: {iso(rep.published, rep.published_month_only)}")
    out.append(f"report_url: https://www.example.org/reports/{rep.id}")
    out.append("provider_ratings: { " + ", ".join(f"{k}: {v}" for k, v in rep.provider.items()) + " }")
    out.append("services:")
    for sid in sorted(rep.services):
        fields = [f"{k}: {v}" for k, v in rep.services[sid].items()]
        if sid in rep.names:
            fields.insert(0, f"name: {y(rep.names[sid], flow=True)}")
        out.append(f"  {sid}: {{ " + ", ".join(fields) + " }")
    out.append("passages:")
    for sentences, quoted_in in rep.passages:
        text = " ".join(sentences)
        if len(text) > 80:
            out.append("  - text: >-")
            out.append(wrap(text, "      "))
        else:
            out.append(f"  - text: {y(text)}")
        if quoted_in:
            out.append(f"    quoted_in: {quoted_in}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


# ---------------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------------


STATEMENT_AUTHORS = [
    ("chief-executive-2019", "Alex Example", "Chief executive", dt.date(2019, 6, 12)),
    ("chair-2021", "Robin Sample", "Chair", dt.date(2021, 3, 4)),
    ("chief-executive-2022", "Alex Example", "Chief executive", dt.date(2022, 9, 20)),
    ("director-of-nursing-2023", "Sam Example", "Director of nursing", dt.date(2023, 5, 2)),
    ("medical-director-2024", "Jo Demo", "Medical director", dt.date(2024, 11, 18)),
    ("chief-operating-officer-2025", "Chris Placeholder", "Chief operating officer",
     dt.date(2025, 7, 7)),
]


class Statement:
    def __init__(self, sid: str, name: str, role: str, date: dt.date, r: random.Random):
        self.id, self.name, self.role, self.date = sid, name, role, date
        self.apologies = list(dict.fromkeys(
            f"We are sorry that {r.choice(PEOPLE)} {r.choice(SUFFERED)}." for _ in range(8)
        ))
        self.commitments = [f"We will {c} by {r.choice(MONTHS)} {date.year + 1}." for c in
                            r.sample(COMMITS, 6)]
        paragraphs = [
            f"The Care Quality Commission has published its report on {TRUST}. "
            "We accept its findings in full.",
            " ".join(self.apologies[:4]),
            "We have already started to put things right. " + " ".join(self.commitments[:3]),
            " ".join(self.apologies[4:]),
            " ".join(self.commitments[3:]) + " We will report on our progress every three months.",
        ]
        self.text = "\n\n".join(paragraphs)


def write_statement(s: Statement, path: str) -> None:
    body = "\n\n".join(wrap(p, "  ") for p in s.text.split("\n\n"))
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            f"by: {{ name: {s.name}, role: {s.role} }}\n"
            f"date: {s.date.isoformat()}\n"
            "published_in: the trust's press statement\n"
            f"url: https://www.example.org/news/{s.id}\n"
            f"text: |\n{body}\n"
        )


# ---------------------------------------------------------------------------------------------
# Service pages
# ---------------------------------------------------------------------------------------------


class Vocabulary:
    def __init__(self, r: random.Random):
        self.strengths = pool(strength_sentence, r, 6000)
        self.concerns = pool(concern_sentence, r, 6000)
        self.info = pool(info_sentence, r, 8000)
        self.prose = [s for s, _ in self.info + self.strengths + self.concerns]
        self.words_per_sentence = round(sum(s.count(" ") + 1 for s in self.prose) / len(self.prose))
        self.places = [a + b for a in PLACE_START for b in PLACE_END]
        self.table_rows = [
            f" | {r.randint(40, 900)} | {r.randint(2, 20)} days | {r.randint(3, 30)} weeks |"
            for _ in range(2000)
        ]
        self.people = [f"{a} {b}" for a in FIRST_NAMES for b in SURNAMES]


def slug(text: str) -> str:
    """carepages' heading ids (markdown::slug), for the ASCII headings made here."""
    out, dash = [], False
    for ch in text:
        if ch.isalnum():
            if dash and out:
                out.append("-")
            dash = False
            out.append(ch.lower())
        elif ch.isspace() or ch in "-_":
            dash = True
    return "".join(out) or "section"


class PageWriter:
    def __init__(self, n: int, width: int, vocab: Vocabulary, statements: list[Statement],
                 seed: int):
        self.n, self.width, self.v, self.statements, self.seed = n, width, vocab, statements, seed

    def sid(self, i: int) -> str:
        return f"svc-{i:0{self.width}d}"

    # -- Markdown pieces ----------------------------------------------------------------------

    def paragraph(self, r: random.Random, i: int, count: int, links: bool = True) -> tuple[str, int]:
        prose, rnd = self.v.prose, r.random
        sentences = [prose[int(rnd() * len(prose))] for _ in range(count)]
        n_words = count * self.v.words_per_sentence
        roll = r.random()
        if roll < 0.35:  # emphasis on a few words of one sentence
            j = r.randrange(len(sentences))
            ws = sentences[j].split(" ")
            if len(ws) > 4:
                a = r.randrange(1, len(ws) - 3)
                mark = "**" if r.random() < 0.5 else "*"
                ws[a] = mark + ws[a]
                ws[a + 1] = ws[a + 1] + mark
                sentences[j] = " ".join(ws)
        if links and roll > 0.55:
            kind = r.random()
            if kind < 0.45 and self.n > 1:
                other = r.randrange(1, self.n + 1)
                if other == i:
                    other = other % self.n + 1
                place = r.choice(self.v.places)
                sentences.append(f"You may also want to read about [our services in {place}]"
                                 f"(../{self.sid(other)}/).")
            elif kind < 0.85:
                text, path = r.choice(LINK_TEXTS)
                sentences.append(f"You can read [{text}](https://www.example.org/{path}/) online.")
            elif kind < 0.93:
                sentences.append("Read [how accessible this website is](../../accessibility/).")
            else:
                sentences.append("Go back to [all our services](../../).")
            n_words += 8
        return " ".join(sentences), n_words

    def bullets(self, r: random.Random) -> tuple[str, int]:
        items = r.sample(LIST_ITEMS, r.randint(3, 7))
        intro = "Please bring:"
        if r.random() < 0.12:  # a task list now and then, as in the showcase fixture
            return intro + "\n\n" + "\n".join(
                f"- [{'x' if r.random() < 0.5 else ' '}] Publish the figures for {m}"
                for m in r.sample(MONTHS, 3)
            ), 15
        return intro + "\n\n" + "\n".join(f"- {it}" for it in items), 2 + sum(
            it.count(" ") + 1 for it in items)

    def steps(self, r: random.Random) -> tuple[str, int]:
        k = r.randint(3, len(STEPS))
        chosen = STEPS[:k]
        return "What happens when you are referred to us:\n\n" + "\n".join(
            f"{j}. {s}" for j, s in enumerate(chosen, 1)
        ), 8 + sum(s.count(" ") + 1 for s in chosen)

    def table(self, r: random.Random) -> tuple[str, int]:
        start = r.randrange(12)
        rows = r.randint(3, 12)
        lines = [
            "How long people waited for their first appointment.",
            "",
            "| Month | People seen | Median wait | Longest wait |",
            "|---|---:|---|---|",
        ]
        cells = r.choices(self.v.table_rows, k=rows)
        for m in range(rows):
            lines.append("| " + MONTHS[(start + m) % 12] + cells[m])
        return "\n".join(lines), 12 + rows * 7

    def body(self, r: random.Random, i: int, target: int) -> str:
        headings = r.sample(HEADINGS, min(len(HEADINGS), max(1, target // 170 + 1)))
        subs = iter(r.sample(SUBHEADINGS, len(SUBHEADINGS)))
        blocks: list[str] = []
        emitted: list[str] = []
        written = 0
        table_at = r.randrange(len(headings)) if r.random() < 0.75 else -1
        for h, heading in enumerate(headings):
            if written >= target:
                break
            blocks.append(f"## {heading}")
            emitted.append(heading)
            text, w = self.paragraph(r, i, r.randint(2, 6))
            blocks.append(text)
            written += w
            if h == table_at:
                text, w = self.table(r)
                blocks.append(text)
                written += w
            for _ in range(r.randint(0, 3)):
                if written >= target:
                    break
                kind = r.random()
                if kind < 0.55:
                    text, w = self.paragraph(r, i, r.randint(3, 7))
                elif kind < 0.70:
                    text, w = self.bullets(r)
                elif kind < 0.80:
                    text, w = self.steps(r)
                else:
                    sub = next(subs, None)
                    if sub is None:
                        continue
                    para, w = self.paragraph(r, i, r.randint(2, 5))
                    text = f"### {sub}\n\n{para}"
                    w += 3
                blocks.append(text)
                written += w
        if len(emitted) > 2:  # a link to a later section of the page, by its heading's id
            later = emitted[r.randrange(2, len(emitted))]
            blocks[1] += f" See [{later.lower()}](#{slug(later)}) below."
        return "\n\n".join(blocks) + "\n"

    # -- front matter ---------------------------------------------------------------------------

    def quote_passage(self, r: random.Random, rep: Report) -> str:
        """Words of one of the report's passages: whole sentences, or with … for left-out
        whole sentences, or in curly quotes; carepages must find every one in the seed, and
        its rules let an ellipsis cross a sentence end only over whole sentences."""
        sentences, _ = r.choice(rep.passages)
        roll = r.random()
        if roll < 0.5 or len(sentences) == 1:
            quote = r.choice(sentences)
        elif roll < 0.75:
            a = r.randrange(len(sentences) - 1)
            quote = sentences[a] + " " + sentences[a + 1]
        elif roll < 0.9 and len(sentences) >= 3:
            a = r.randrange(len(sentences) - 2)
            quote = sentences[a] + " … " + sentences[r.randrange(a + 2, len(sentences))]
        else:
            quote = "\u201c" + r.choice(sentences) + "\u201d"
        return quote

    def page(self, i: int, rated_by: list[Report]) -> str:
        r = Rng(self.seed * 1_000_003 + i)
        v = self.v
        sid = self.sid(i)
        place = r.choice(v.places)
        kind = r.choice(SERVICE_TYPES)
        if r.random() < 0.02:
            title = f"{kind} for adults and children in {place} and the surrounding villages, " \
                    "including home visits and evening clinics"
        elif r.random() < 0.5:
            title = f"{kind}, {place}"
        else:
            title = f"{place} {kind[0].lower()}{kind[1:]}"

        # Page length: short, medium or long; about 1,000 words on average.
        band = r.random()
        if band < 0.15:
            target = r.randint(200, 420)
        elif band < 0.85:
            target = r.randint(680, 1450)
        else:
            target = r.randint(1450, 2350)

        latest = rated_by[-1].services[sid] if rated_by else None
        fm: list[str] = ["---", f"title: {y(title)}"]

        # Summary: a few paragraphs for families.
        if latest is None:
            first = f"No report has rated {kind.lower()} in {place} yet, so its ratings are not known."
        elif latest["overall"] == "not-rated":
            first = "Inspectors visited this service but did not give it a rating."
        else:
            first = f"Inspectors rated this service **{RATING_WORDS[latest['overall']]}**."
        summary = [first + " " + self.paragraph(r, i, r.randint(1, 3), links=False)[0]]
        for _ in range(r.randint(0, 2)):
            summary.append(self.paragraph(r, i, r.randint(2, 4), links=False)[0])
        fm.append("summary: |")
        fm.extend(f"  {p}\n" for p in summary[:-1])
        fm.append(f"  {summary[-1]}")
        used = sum(p.count(" ") + 1 for p in summary)
        if r.random() < 0.3:
            fm.append(f"description: {y(f'What inspectors found at {title} and what we are doing about it.')}")

        # Findings: strengths and concerns, some quoted from a report that rates the service.
        findings = r.randint(0, 6)
        if findings:
            fm.append("findings:")
            for _ in range(findings):
                concern = r.random() < 0.5
                if rated_by and r.random() < 0.6:
                    rep = r.choice(rated_by)
                    text = self.quote_passage(r, rep)
                    fm.append(f"  - kind: {'concern' if concern else 'strength'}")
                    fm.append(f"    text: {y(text)}")
                    fm.append(f"    source: {rep.id}")
                else:
                    text = (r.choice(v.concerns) if concern else r.choice(v.strengths))[0]
                    fm.append(f"  - kind: {'concern' if concern else 'strength'}")
                    fm.append(f"    text: {y(text)}")
                used += text.count(" ") + 1

        # An apology on about a third of pages.
        if r.random() < 0.33:
            fm.append("apology:")
            if r.random() < 0.5:
                st = r.choice(self.statements)
                fm.append(f"  by: {{ name: {st.name}, role: {st.role} }}")
                fm.append(f"  to: {r.choice(PEOPLE)} who used this service")
                fm.append(f"  date: {st.date.isoformat()}")
                text = r.choice(st.apologies)
                fm.append(f"  text: {y(text)}")
                fm.append(f"  source: {st.id}")
            else:
                fm.append(f"  by: {{ name: {r.choice(v.people)}, role: {r.choice(ROLES)} }}")
                if r.random() < 0.7:
                    fm.append(f"  to: {r.choice(PEOPLE)} and their families")
                if r.random() < 0.8:
                    fm.append(f"  date: {day_between(r, dt.date(2019, 1, 1), TODAY).isoformat()}")
                text = f"We are sorry that {r.choice(PEOPLE)} {r.choice(SUFFERED)}. " \
                       f"{r.choice(v.info)[0]}"
                fm.append(f"  text: {y(text)}")
            used += text.count(" ") + 1

        # An improvement with 1-4 actions on most pages.
        if r.random() < 0.8:
            fm.append("improvement:")
            by = None
            if r.random() < 0.85:
                by = (r.choice(v.people), r.choice(ROLES))
            if r.random() < 0.2:
                st = r.choice(self.statements)
                # A quoted statement is credited to the person who made it.
                if by:
                    fm.append(f"  by: {{ name: {st.name}, role: {st.role} }}")
                fm.append(f"  text: {y(r.choice(st.commitments))}")
                fm.append(f"  source: {st.id}")
            else:
                if by:
                    fm.append(f"  by: {{ name: {by[0]}, role: {by[1]} }}")
                fm.append(f"  text: {y(f'We will {r.choice(COMMITS)}.')}")
            fm.append("  actions:")
            for _ in range(r.randint(1, 4)):
                fm.append(f"    - title: {y(r.choice(COMMITS).capitalize())}")
                if r.random() < 0.8:
                    fm.append(f"      owner: {r.choice(ROLES)}")
                status = r.choice(STATUSES)
                due = None
                if r.random() < 0.9:
                    due = day_between(r, dt.date(2020, 1, 1), dt.date(2028, 12, 31))
                    month_only = r.random() < 0.4
                    fm.append(f"      due: {iso(due, month_only)}")
                fm.append(f"      status: {status}")
                updates = 0 if status == "not-started" else r.randint(0, 3)
                if updates:
                    fm.append("      updates:")
                    start = dt.date(2019, 6, 1)
                    dates = sorted(day_between(r, start, TODAY - dt.timedelta(days=1))
                                   for _ in range(updates))
                    for d in dates:
                        fm.append(f"        - {{ date: {d.isoformat()}, "
                                  f"text: {y(r.choice(UPDATE_TEXTS), flow=True)} }}")
                used += 12

        if r.random() < 0.9:
            reviewed = day_between(r, dt.date(2024, 1, 1), TODAY - dt.timedelta(days=1))
            fm.append(f"reviewed: {reviewed.isoformat()}")
            if r.random() < 0.8:
                nxt = reviewed + dt.timedelta(days=r.randrange(120, 400))  # some are overdue
                fm.append(f"next_review: {iso(nxt, r.random() < 0.2)}")
        fm.append("---")
        return "\n".join(fm) + "\n" + self.body(r, i, max(60, target - used))


# ---------------------------------------------------------------------------------------------
# Plain pages and settings
# ---------------------------------------------------------------------------------------------

CONFIG = f"""\
# A made-up site written by benches/generate_site.py for build benchmarks. Nothing here
# describes a real trust.
title: How good are our services?
base_url: {BASE_URL}
language: en-GB
description: >-
  Ratings from the Care Quality Commission for {TRUST}, what they mean for you, and what we
  are doing to improve.
organisation:
  name: {TRUST}
  url: https://www.example.org/
contact:
  phone: 0100 000 0000
  email: contact@example.org
  text: Our team answers calls from 9am to 5pm, Monday to Friday.
theme: default
"""

ACCESSIBILITY = f"""\
---
title: Accessibility statement
description: How accessible this website is, and how to tell us about a problem.
reviewed: 2026-03-01
---
This website is run by {TRUST}. We want as many people as possible to be able to use it.
You should be able to:

- zoom in up to 400% without the text spilling off the screen
- move around the website using just a keyboard
- listen to the website using a screen reader
- change colours, contrast levels and fonts using your browser or device settings

Every rating is shown in words and with its own shape, not by colour alone.

## How accessible this website is

We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA.

## Reporting accessibility problems

If you find a problem, please tell us using the details under *Help and contact*. You can
also go back to [the list of our services](../).
"""


def home(n: int, width: int) -> str:
    picks = sorted({1, max(1, n // 2), n})
    links = ", ".join(f"[service {i}](services/svc-{i:0{width}d}/)" for i in picks)
    return f"""\
---
title: How good are our services?
description: Ratings for the {n} services of {TRUST}, and what we are doing to improve.
---
The Care Quality Commission (CQC) checks health and care services in England. This site shows
the ratings its inspectors gave our {n} services, what they found, and what it means for you.

Where our care was not good enough, we say sorry and tell you what we are doing about it. You
can start with {links}, or read our [accessibility statement](accessibility/).
"""


# ---------------------------------------------------------------------------------------------


_JOB: tuple = ()  # what write_pages needs; set before the worker processes fork


def write_pages(chunk: tuple[int, int]) -> int:
    """Writes service pages chunk[0]+1 .. chunk[1]; returns the bytes written."""
    writer, ids, rated_by, folder = _JOB
    written = 0
    for i in range(chunk[0] + 1, chunk[1] + 1):
        sid = ids[i - 1]
        data = writer.page(i, rated_by[sid]).encode("utf-8")
        written += len(data)
        # os.open and os.write: half the system calls of open(), which counts at 100,000 files
        fd = os.open(os.path.join(folder, f"{sid}.md"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    return written


def generate(n: int, out: str, seed: int, jobs: int = 1) -> dict[str, int]:
    r = Rng(seed)
    width = max(5, len(str(n)))
    ids = [f"svc-{i:0{width}d}" for i in range(1, n + 1)]
    vocab = Vocabulary(r)
    statements = [Statement(sid, name, role, date, r) for sid, name, role, date in STATEMENT_AUTHORS]
    reports, rated_by = plan_reports(n, r, ids)

    if os.path.exists(out):
        marker = os.path.join(out, "carepages.yaml")
        ours = os.path.isfile(marker) and open(marker, encoding="utf-8").read().startswith(CONFIG[:60])
        if os.listdir(out) and not ours:
            raise SystemExit(f"generate_site.py: {out} exists and is not a site this script wrote; "
                             "give a new or empty folder")
        shutil.rmtree(out)
    for d in ("content/services", "seeds/inspections", "seeds/statements"):
        os.makedirs(os.path.join(out, d))
    with open(os.path.join(out, "carepages.yaml"), "w", encoding="utf-8") as f:
        f.write(CONFIG)
    with open(os.path.join(out, "content", "_index.md"), "w", encoding="utf-8") as f:
        f.write(home(n, width))
    with open(os.path.join(out, "content", "accessibility.md"), "w", encoding="utf-8") as f:
        f.write(ACCESSIBILITY)
    for s in statements:
        write_statement(s, os.path.join(out, "seeds", "statements", f"{s.id}.yaml"))
    for rep in reports:
        write_report(rep, os.path.join(out, "seeds", "inspections", f"{rep.id}.yaml"))

    global _JOB
    _JOB = (PageWriter(n, width, vocab, statements, seed), ids, rated_by,
            os.path.join(out, "content", "services"))
    # Each page has its own random generator, so the files are the same for any `jobs`.
    chunks = [(start, min(start + 500, n)) for start in range(0, n, 500)]
    if jobs > 1 and len(chunks) > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(jobs) as workers:
            total_bytes = sum(workers.imap_unordered(write_pages, chunks))
    else:
        total_bytes = sum(map(write_pages, chunks))
    return {"pages": n, "inspections": len(reports), "statements": len(statements),
            "bytes": total_bytes}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of service pages")
    p.add_argument("out", help="the site folder to write (replaced if this script wrote it)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                   help="processes writing pages (default: the number of CPUs, at most 4); "
                   "the output does not depend on it")
    args = p.parse_args()
    if args.n < 1:
        p.error("N must be at least 1")
    started = time.perf_counter()
    stats = generate(args.n, args.out, args.seed, max(1, args.jobs))
    took = time.perf_counter() - started
    print(f"wrote {stats['pages']} service pages, {stats['inspections']} inspection seeds and "
          f"{stats['statements']} statement seeds ({stats['bytes'] / 1e6:.1f} MB of pages) "
          f"to {args.out} in {took:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
