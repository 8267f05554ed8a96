//! carepages: a static site generator for the pages on which an NHS trust shows how good its
//! services are. The pipeline runs one way: load, validate, render, write.
//!
//! The command line (`main.rs`) uses [`build()`], [`check`], [`import`], [`scaffold`], [`schema`],
//! [`serve`] and [`resolve_today`]; the preview and the tests use [`Site`] and [`preview`].

#![warn(unreachable_pub)]

mod build;
pub mod check;
mod config;
mod display_rules;
pub mod error;
mod fsio;
pub mod import;
mod links;
mod load;
mod markdown;
mod model;
mod output;
mod placeholders;
pub mod preview;
mod quotation;
mod readability;
mod render;
pub mod scaffold;
pub mod schema;
#[cfg(feature = "serve")]
pub mod serve;
mod site;
mod sources;
mod timing;
mod validate;
mod validate_ratings;
mod xml;

pub use build::{BuildOptions, BuildSummary, Notice, Progress, build, resolve_today};
pub use error::{Diagnostic, Error, Report, Result};
pub use load::Include;
pub use model::Date;
pub use render::{Contents, Output, Sink};
pub use site::{MemorySink, Site};
