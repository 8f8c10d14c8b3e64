//! rota plans staff rotas for pooled district departments. See README.md.

pub mod app;
pub mod calendar;
pub mod cli;
pub mod diag;
pub mod domain;
pub mod scenario;
