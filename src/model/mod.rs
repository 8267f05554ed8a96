//! The domain: what a site is made of once loaded, independent of files and templates.

pub(crate) mod date;
pub(crate) mod page;
pub(crate) mod rating;
pub(crate) mod regulator;
pub(crate) mod seeds;
pub(crate) mod standing;

pub use date::Date;
pub(crate) use rating::{Given, KeyQuestion, Rating, Ratings};
pub(crate) use regulator::Regulator;
