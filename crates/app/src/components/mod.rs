//! The views, as components the full app and the embed page share.

pub mod app;
pub mod audit;
pub mod common;
pub mod draft;
pub mod embed;
pub mod gallery;
pub mod groups;
pub mod import;
pub mod library;
pub mod organization;
pub mod plan;
pub mod problems;
pub mod products;
pub mod rename;
pub mod rule_editor;
pub mod timeline;
pub mod users;
