//! The domain: what a site is made of once loaded, independent of files and templates.

pub mod date;
pub mod page;
pub mod rating;
pub mod seeds;

pub use date::Date;
pub use rating::{KeyQuestion, Rating, Ratings};
