//! A small line of values over time, drawn as inline SVG (no JavaScript needed): a
//! reader's lag over the last day on a topic page.

use leptos::prelude::*;

use model::LagSample;

const WIDTH: f64 = 120.0;
const HEIGHT: f64 = 24.0;
/// Keeps the line off the box's edges, so a flat line at zero stays visible.
const PAD: f64 = 2.0;

/// The polyline's points for `samples` in a `width` × `height` box: time left to right,
/// zero lag at the bottom, the largest lag at the top.
pub fn sparkline_points(samples: &[LagSample], width: f64, height: f64) -> String {
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else { return String::new() };
    let span = (last.at_ms - first.at_ms).max(1) as f64;
    let top = samples.iter().map(|sample| sample.lag).max().unwrap_or(0).max(1) as f64;
    samples
        .iter()
        .map(|sample| {
            let x = if samples.len() == 1 {
                width / 2.0
            } else {
                PAD + (sample.at_ms - first.at_ms) as f64 / span * (width - 2.0 * PAD)
            };
            let y = height - PAD - sample.lag.max(0) as f64 / top * (height - 2.0 * PAD);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lag line with a text alternative ("lag 120 → 4 over 3 h, peak 300").
#[component]
pub fn LagSparkline(samples: Vec<LagSample>) -> impl IntoView {
    let (Some(first), Some(last)) = (samples.first().copied(), samples.last().copied()) else {
        return view! { <span class="text-xs text-slate-400">"no samples yet"</span> }.into_any();
    };
    let peak = samples.iter().map(|sample| sample.lag).max().unwrap_or(0);
    let minutes = (last.at_ms - first.at_ms) / 60_000;
    let span = if minutes >= 120 { format!("{} h", minutes / 60) } else { format!("{minutes} min") };
    let label = format!("lag {} → {} over {span}, peak {peak}", first.lag, last.lag);
    let points = sparkline_points(&samples, WIDTH, HEIGHT);
    let title = label.clone();
    view! {
        <svg
            width=WIDTH
            height=HEIGHT
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            role="img"
            aria-label=label
            data-testid="lag-sparkline"
            data-samples=samples.len()
            class="inline-block align-middle"
        >
            <title>{title}</title>
            <polyline points=points fill="none" stroke="#0369a1" stroke-width="1.5" stroke-linejoin="round"/>
        </svg>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_runs_left_to_right_and_lag_upwards() {
        let samples =
            [LagSample { at_ms: 0, lag: 0 }, LagSample { at_ms: 50, lag: 10 }, LagSample { at_ms: 100, lag: 5 }];
        let points: Vec<(f64, f64)> = sparkline_points(&samples, 100.0, 20.0)
            .split(' ')
            .map(|point| {
                let (x, y) = point.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        assert_eq!(points.len(), 3);
        assert!(points[0].0 < points[1].0 && points[1].0 < points[2].0);
        assert_eq!(points[0].1, 18.0, "no lag sits at the bottom");
        assert_eq!(points[1].1, 2.0, "the peak reaches the top");
        assert!(points[2].1 > points[1].1 && points[2].1 < points[0].1);
        assert_eq!(sparkline_points(&samples[..1], 100.0, 20.0), "50.0,18.0");
        assert_eq!(sparkline_points(&[], 100.0, 20.0), "");
    }
}
