//! rota plans staff rotas for pooled district departments. See README.md.

pub mod app;
pub mod calendar;
pub mod cli;
pub mod diag;
pub mod domain;
pub mod heuristic;
pub mod import;
pub mod model;
pub mod present;
pub mod report;
pub mod scenario;
pub mod solve;
pub mod verify;
