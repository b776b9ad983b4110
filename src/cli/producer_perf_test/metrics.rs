//! `--print-metrics`: a `Metric Name  Value` table in the layout of Kafka's
//! `ToolsUtils.printMetrics` (`group:name:{tags}` left-aligned, then ` : ` and the value with
//! three decimals), filled with the client metrics strom's tools can measure.

use std::collections::BTreeMap;
use std::io::Write;

/// One metric: Kafka's group and name, its tags, and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub group: &'static str,
    pub name: &'static str,
    pub tags: Vec<(&'static str, String)>,
    pub value: f64,
}

impl Metric {
    pub fn new(group: &'static str, name: &'static str, client_id: &str, value: f64) -> Metric {
        Metric {
            group,
            name,
            tags: vec![("client-id", client_id.to_string())],
            value,
        }
    }

    /// `group:name:{k=v, k2=v2}`, as Kafka merges a `MetricName`.
    pub fn merged_name(&self) -> String {
        let tags: Vec<String> = self.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{}:{}:{{{}}}", self.group, self.name, tags.join(", "))
    }
}

/// Write the table (sorted by name, preceded by an empty line, as Kafka prints it).
pub fn write_metrics(out: &mut impl Write, metrics: &[Metric]) -> std::io::Result<()> {
    if metrics.is_empty() {
        return Ok(());
    }
    let sorted: BTreeMap<String, f64> =
        metrics.iter().map(|m| (m.merged_name(), m.value)).collect();
    let width = sorted.keys().map(String::len).max().unwrap_or(0);
    writeln!(out)?;
    writeln!(out, "{:<width$}   Value", "Metric Name")?;
    for (name, value) in &sorted {
        writeln!(out, "{name:<width$} : {value:.3}")?;
    }
    Ok(())
}

/// The metrics as a JSON object keyed by merged name.
pub fn metrics_json(metrics: &[Metric]) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = metrics
        .iter()
        .map(|m| (m.merged_name(), serde_json::json!(m.value)))
        .collect();
    serde_json::Value::Object(map)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_kafkas_layout() {
        let m = [
            Metric::new("producer-metrics", "record-send-total", "c", 10.0),
            Metric::new("producer-metrics", "batch-size-avg", "c", 1.23456),
        ];
        let mut out = Vec::new();
        write_metrics(&mut out, &m).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\nMetric Name                                        Value\n\
             producer-metrics:batch-size-avg:{client-id=c}    : 1.235\n\
             producer-metrics:record-send-total:{client-id=c} : 10.000\n"
        );
    }
}
