//! `skud calendar [--year YYYY]`: the working-day calendar §22 deadlines are counted in.

use super::output;
use crate::context::Context;
use crate::domain::calendar::DayOffWhy;
use crate::exit::Exit;
use crate::i18n::tr;
use chrono::Datelike;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The year (default: the as-of date's)
    #[arg(long, value_parser = clap::value_parser!(i32).range(1991..=2100))]
    year: Option<i32>,
}

pub fn run(ctx: &Context, a: Args) -> anyhow::Result<Exit> {
    let cal = ctx.calendar()?;
    let year = a.year.unwrap_or_else(|| ctx.today().year());
    let info = cal.year_info(year);
    let days = cal.days_off(year);
    let worked = cal.worked_days(year);
    let why_text = |w: &DayOffWhy| match w {
        DayOffWhy::Holiday(h) => tr!(ctx.lang, h.key()),
        DayOffWhy::Moved { holiday, from } => tr!(
            ctx.lang,
            "calendar-moved",
            holiday = tr!(ctx.lang, holiday.key()),
            from = from.format("%d.%m.%Y").to_string()
        ),
        DayOffWhy::Ordered { note } => tr!(ctx.lang, "calendar-ordered", note = note.as_str()),
    };
    let source = |w: &DayOffWhy| match w {
        DayOffWhy::Holiday(_) => "holiday",
        DayOffWhy::Moved { .. } => "weekend_rule",
        DayOffWhy::Ordered { .. } => "order",
    };
    if ctx.json {
        let off: Vec<_> = days.iter().map(|d| serde_json::json!({ "date": d.date, "source": source(&d.why), "reason": why_text(&d.why) })).collect();
        let wk: Vec<_> = worked
            .iter()
            .map(|w| serde_json::json!({ "date": w.date, "note": w.note }))
            .collect();
        output::json(
            &serde_json::json!({ "year": year, "published": info.published, "source": info.source,
            "kurban_ait": info.kurban_ait, "days_off": off, "worked_weekend_days": wk, "working_days": cal.working_days_in(year) }),
        )?;
        return Ok(Exit::Ok);
    }
    println!(
        "{}",
        tr!(
            ctx.lang,
            "calendar-title",
            year = year.to_string(),
            working = cal.working_days_in(year)
        )
    );
    if let Some(s) = &info.source {
        println!("{}", tr!(ctx.lang, "calendar-source", source = s.as_str()));
    }
    if !info.published {
        println!(
            "{}",
            tr!(ctx.lang, "calendar-unpublished", year = year.to_string())
        );
    }
    if info.kurban_ait.is_none() {
        println!(
            "{}",
            tr!(ctx.lang, "calendar-no-kurban", year = year.to_string())
        );
    }
    let rows: Vec<Vec<String>> = days
        .iter()
        .map(|d| {
            vec![
                d.date.format("%d.%m.%Y").to_string(),
                d.date.format("%a").to_string(),
                why_text(&d.why),
            ]
        })
        .chain(worked.iter().map(|w| {
            vec![
                w.date.format("%d.%m.%Y").to_string(),
                w.date.format("%a").to_string(),
                tr!(ctx.lang, "calendar-worked", note = w.note.as_str()),
            ]
        }))
        .collect();
    let header = ["col-date", "col-weekday", "col-reason"]
        .map(|k| tr!(ctx.lang, k))
        .to_vec();
    output::table(&header, &rows)?;
    Ok(Exit::Ok)
}
