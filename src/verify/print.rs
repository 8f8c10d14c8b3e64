//! The report as a planner reads it.

use std::fmt::Write;

use super::{Report, RULES};

/// Problems reading the files first, then violations grouped by rule (at most `cap`
/// lines per rule, then a count of the rest), then one closing line.
pub fn render(report: &Report, cap: usize) -> String {
    let mut out = String::new();
    for p in report.problems() {
        let _ = writeln!(out, "error: {p}");
    }
    for rule in RULES {
        let of_rule = report.of_rule(rule);
        for v in of_rule.iter().take(cap) {
            let _ = writeln!(out, "{v}");
        }
        if of_rule.len() > cap {
            let _ = writeln!(out, "{rule}: … and {} more", of_rule.len() - cap);
        }
    }
    let _ = writeln!(out, "{}", closing_line(report));
    out
}

fn closing_line(report: &Report) -> String {
    let violations = report.violations().len();
    let rules = report.rules_violated().len();
    let problems = report.problems().len();
    match (problems, violations, report.evaluation()) {
        (0, 0, Some(e)) => format!("verify: rota is valid (objective {:?} recomputed)", e.objective),
        (0, _, _) => format!("verify: {violations} violation(s) in {rules} rule(s)"),
        (_, 0, None) => format!("verify: {problems} problem(s) reading the output files; no rule was checked"),
        (_, 0, Some(_)) => format!("verify: {problems} problem(s) reading the output files"),
        (_, _, _) => {
            format!(
                "verify: {problems} problem(s) reading the output files; {violations} violation(s) in {rules} rule(s)"
            )
        }
    }
}
