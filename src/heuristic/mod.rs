//! Starting rotas for the solver: a constructive rota (`greedy`); in shift mode each
//! person's row re-planned by dynamic programming around the others' (`replan`); then a
//! local search that moves single duties between people while it lowers the objective
//! (`improve`).
//! HiGHS proves far more, far sooner, from a good start than from a cold one.

mod greedy;
mod improve;
mod legal;
mod replan;

pub use greedy::greedy;
pub use improve::improve;
pub use legal::{grouping_is_legal, person_is_legal};
#[cfg(test)]
pub(crate) use replan::PLANS;
pub use replan::{replan, Barred, Cheapest, RowPricer};

use crate::domain::{Rota, Scenario};

/// The best starting rota rota can build quickly for grouping g, within the scenario's
/// time limit.
pub fn start(s: &Scenario, g: usize) -> Rota {
    start_within(s, g, s.time_limit_s)
}

/// Share of the time limit the re-planning of rows may take (counted in steps, not
/// seconds: see `replan::STEPS_PER_SECOND`).
const REPLAN_SHARE: f64 = 0.25;

/// The best starting rota for grouping g, for a solve of `time_limit_s` seconds.
pub fn start_within(s: &Scenario, g: usize, time_limit_s: f64) -> Rota {
    let mut rota = greedy(s, g);
    let debug = std::env::var_os("ROTA_HIGHS_LOG").is_some();
    let began = std::time::Instant::now();
    let show = |what: &str, rota: &Rota| {
        if debug {
            let f = crate::report::evaluate::grouping_figures(s, rota, g);
            eprintln!(
                "{what} ({:.2}s): objective {} spread {} comp owed {} unit short {} short {} prefs {}",
                began.elapsed().as_secs_f64(),
                f.objective,
                f.spread,
                f.comp_owed,
                f.unit_shortfall,
                f.shortfall,
                f.preferences_unmet
            );
        }
    };
    show("greedy", &rota);
    if !s.office {
        let mut replanned = rota.clone();
        replan(s, g, &mut replanned, REPLAN_SHARE * time_limit_s * replan::STEPS_PER_SECOND);
        show("re-planned", &replanned);
        // Re-planning weighs cover and wishes only: a greedy rota that keeps every rule
        // and costs less overall (the fairness spread, say) stays.
        let objective = |r: &Rota| crate::report::evaluate::grouping_figures(s, r, g).objective;
        if !grouping_is_legal(s, &rota, g) || objective(&replanned) <= objective(&rota) {
            rota = replanned;
        }
    }
    improve(s, g, &mut rota);
    show("improved", &rota);
    rota
}

/// A fixed scramble of a number: one step of SplitMix64 from state `x` (the seeded
/// generators of the start and of the search both draw from it).
pub(crate) fn scramble(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
