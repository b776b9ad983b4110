//! `--date-format`: Java `SimpleDateFormat` patterns (Kafka's default is
//! `yyyy-MM-dd HH:mm:ss:SSS`), rendered in the local time zone.
//!
//! Supported letters: `G y Y M L d D E u a H k K h m s S Z X z`; text in single quotes is
//! literal (`''` is a quote); other non-letters are copied. Any other letter is an error, as in
//! Java (`Illegal pattern character 'q'`).

use chrono::{DateTime, Datelike, Local, Offset, TimeZone, Timelike};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(String),
    /// A pattern letter and how many times it was repeated.
    Field(char, usize),
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JavaDateFormat {
    tokens: Vec<Token>,
}

const FIELDS: &str = "GyYMLdDEuaHkKhmsSZXz";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl JavaDateFormat {
    pub fn parse(pattern: &str) -> Result<JavaDateFormat, String> {
        let mut tokens = Vec::new();
        let mut literal = String::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    literal.push('\'');
                    continue;
                }
                // Quoted text up to the closing quote ('' inside is a quote).
                loop {
                    match chars.next() {
                        None => return Err(format!("Unterminated quote in pattern '{pattern}'")),
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            literal.push('\'');
                        }
                        Some('\'') => break,
                        Some(ch) => literal.push(ch),
                    }
                }
            } else if c.is_ascii_alphabetic() {
                if !FIELDS.contains(c) {
                    return Err(format!("Illegal pattern character '{c}'"));
                }
                let mut n = 1;
                while chars.peek() == Some(&c) {
                    chars.next();
                    n += 1;
                }
                if !literal.is_empty() {
                    tokens.push(Token::Literal(std::mem::take(&mut literal)));
                }
                tokens.push(Token::Field(c, n));
            } else {
                literal.push(c);
            }
        }
        if !literal.is_empty() {
            tokens.push(Token::Literal(literal));
        }
        Ok(JavaDateFormat { tokens })
    }

    /// Format milliseconds since the epoch in the local time zone.
    pub fn format_millis(&self, ms: i64) -> String {
        match Local.timestamp_millis_opt(ms).single() {
            Some(t) => self.format(&t),
            None => ms.to_string(),
        }
    }

    pub fn format<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        let mut out = String::new();
        for token in &self.tokens {
            match token {
                Token::Literal(s) => out.push_str(s),
                Token::Field(c, n) => field(&mut out, t, *c, *n),
            }
        }
        out
    }
}

fn num(out: &mut String, v: i64, width: usize) {
    if v < 0 {
        out.push('-');
    }
    out.push_str(&format!("{:0width$}", v.unsigned_abs()));
}

fn text(out: &mut String, full: &str, n: usize) {
    if n >= 4 {
        out.push_str(full);
    } else {
        out.extend(full.chars().take(3));
    }
}

fn offset(out: &mut String, seconds: i32, colon: bool, minutes: bool) {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    out.push(sign);
    out.push_str(&format!("{:02}", s / 3600));
    if minutes {
        if colon {
            out.push(':');
        }
        out.push_str(&format!("{:02}", (s / 60) % 60));
    }
}

fn field<Tz: TimeZone>(out: &mut String, t: &DateTime<Tz>, c: char, n: usize) {
    let secs = t.offset().fix().local_minus_utc();
    let weekday = t.weekday().num_days_from_monday() as usize;
    let month = t.month0() as usize;
    match c {
        'G' => out.push_str(if t.year() > 0 { "AD" } else { "BC" }),
        'y' | 'Y' => {
            let y = i64::from(t.year());
            if n == 2 {
                num(out, y.rem_euclid(100), 2);
            } else {
                num(out, y, n);
            }
        }
        'M' | 'L' if n >= 3 => text(out, MONTHS.get(month).copied().unwrap_or(""), n),
        'M' | 'L' => num(out, i64::from(t.month()), n),
        'd' => num(out, i64::from(t.day()), n),
        'D' => num(out, i64::from(t.ordinal()), n),
        'E' => text(out, DAYS.get(weekday).copied().unwrap_or(""), n),
        'u' => num(out, weekday as i64 + 1, n),
        'a' => out.push_str(if t.hour() < 12 { "AM" } else { "PM" }),
        'H' => num(out, i64::from(t.hour()), n),
        'k' => num(
            out,
            if t.hour() == 0 {
                24
            } else {
                i64::from(t.hour())
            },
            n,
        ),
        'K' => num(out, i64::from(t.hour() % 12), n),
        'h' => num(out, i64::from(t.hour12().1), n),
        'm' => num(out, i64::from(t.minute()), n),
        's' => num(out, i64::from(t.second()), n),
        'S' => num(out, i64::from(t.timestamp_subsec_millis().min(999)), n),
        'Z' => offset(out, secs, false, true),
        'X' if secs == 0 => out.push('Z'),
        'X' => offset(out, secs, n >= 3, n >= 2),
        // Zone names are not available; Java prints e.g. "GMT+01:00" for unnamed zones.
        'z' => {
            out.push_str("GMT");
            offset(out, secs, true, true);
        }
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, Utc};

    #[test]
    fn kafkas_default_pattern() {
        let f = JavaDateFormat::parse("yyyy-MM-dd HH:mm:ss:SSS").unwrap();
        let t = Utc.timestamp_millis_opt(1_729_850_400_007).unwrap();
        assert_eq!(f.format(&t), "2024-10-25 10:00:00:007");
    }

    #[test]
    fn names_quotes_and_zones() {
        let f = JavaDateFormat::parse("EEE, d MMM yy 'at' h:mm a Z XXX ''").unwrap();
        let tz = FixedOffset::east_opt(-7 * 3600).unwrap();
        let t = tz.with_ymd_and_hms(2001, 7, 4, 12, 8, 56).unwrap();
        assert_eq!(f.format(&t), "Wed, 4 Jul 01 at 12:08 PM -0700 -07:00 '");
        let f = JavaDateFormat::parse("MMMM EEEE X").unwrap();
        let t = Utc.with_ymd_and_hms(2024, 2, 5, 0, 0, 0).unwrap();
        assert_eq!(f.format(&t), "February Monday Z");
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert_eq!(
            JavaDateFormat::parse("yyyy-qq").unwrap_err(),
            "Illegal pattern character 'q'"
        );
        assert!(JavaDateFormat::parse("'open").is_err());
    }
}
