//! What the guest agrees to, in words: for each [`PaymentTerms`] the Pay
//! label, the line that says what happens later, and the consent that card
//! networks and Stripe require before a card is charged without the guest
//! present (what may be charged, when, and up to how much), with dates and
//! amounts written as the language writes them.
//!
//! Templates hold `{amount}`, `{later}` and `{date}` marks, cut out at their
//! braces ([`fill`]): no format machinery, and the tests check that every
//! language holds exactly the marks its English sentence holds.

use super::locale::Locale;
use super::money::format_money;
use super::terms_texts::TermsTexts;
use super::{de, en, es, fr, it, nl};
use crate::digits::decimal;
use booking_contract::{CancellationPolicy, CancellationTier, Currency, Date, Money, OwedCharge, PaymentTerms, Share};

/// The payment-policy sentences of `locale`.
fn table(locale: Locale) -> &'static TermsTexts {
    match locale {
        Locale::En => &en::TERMS,
        Locale::Fr => &fr::TERMS,
        Locale::De => &de::TERMS,
        Locale::Es => &es::TERMS,
        Locale::It => &it::TERMS,
        Locale::Nl => &nl::TERMS,
    }
}

/// What the checkout shows for one set of terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsText {
    /// The Pay button: "Pay deposit €25.00", "Authorise €125.00", "Save card".
    pub label: String,
    /// What happens later, beside the total; none for paying in full.
    pub later: Option<String>,
    /// The consent shown before Pay, for terms that charge the card later.
    pub consent: Option<String>,
}

/// `template` with each `{name}` replaced by its value in `values`; a mark
/// without a value is left out.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut parts = template.split('{');
    let mut out = parts.next().unwrap_or_default().to_owned();
    for part in parts {
        let (name, rest) = part.split_once('}').unwrap_or(("", part));
        if let Some((_, value)) = values.iter().find(|(n, _)| *n == name) {
            out.push_str(value);
        }
        out.push_str(rest);
    }
    out
}

/// `date` as `locale` writes it in a sentence: "12 March 2027", "12 mars
/// 2027", "12. März 2027", "12 de marzo de 2027".
pub fn format_date(locale: Locale, date: Date) -> String {
    let t = table(locale);
    let (year, month, day) = date.ymd();
    let month = t.months[(month as usize).saturating_sub(1).min(11)];
    let day = if day == 1 { t.day_one.to_owned() } else { decimal(u64::from(day)) };
    fill(t.date, &[("day", &day), ("month", month), ("year", &decimal(year.unsigned_abs().into()))])
}

/// The label, the later charge and the consent for `terms` in `locale`.
/// `pay_now` is today's Pay label, for paying the whole price.
pub fn describe(locale: Locale, terms: &PaymentTerms, pay_now: impl Fn(&Money) -> String) -> TermsText {
    let t = table(locale);
    let money = |m: &Money| format_money(locale, m);
    let date = |d: Date| format_date(locale, d);
    match terms {
        PaymentTerms::PayNow { total } => TermsText { label: pay_now(total), later: None, consent: None },
        PaymentTerms::Deposit { now, balance, balance_due, .. } => {
            let values = [("amount", money(now)), ("later", money(balance)), ("date", date(*balance_due))];
            let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
            TermsText {
                label: fill(t.pay_deposit, &values),
                later: Some(fill(t.balance_on, &values)),
                consent: Some(fill(t.consent_deposit, &values)),
            }
        }
        PaymentTerms::Hold { total, capture_on } => {
            let (amount, on) = (money(total), date(*capture_on));
            let values = [("amount", amount.as_str()), ("date", on.as_str())];
            TermsText {
                label: fill(t.authorise, &values),
                later: Some(fill(t.captured_on, &values)),
                consent: Some(fill(t.consent_hold, &values)),
            }
        }
        PaymentTerms::Guarantee { up_to, .. } => {
            let amount = money(up_to);
            let values = [("amount", amount.as_str())];
            TermsText {
                label: t.save_card.to_owned(),
                later: Some(fill(t.fee_up_to, &values)),
                consent: Some(fill(t.consent_guarantee, &values)),
            }
        }
        PaymentTerms::Owed { total, charge } => {
            let what = match charge {
                OwedCharge::Balance => t.owed_balance,
                OwedCharge::NoShowFee => t.owed_no_show_fee,
                OwedCharge::CancellationFee => t.owed_cancellation_fee,
            };
            let amount = money(total);
            let values = [("what", what), ("amount", amount.as_str())];
            TermsText { label: pay_now(total), later: Some(fill(t.owed, &values)), consent: None }
        }
    }
}

/// What a cancellation keeps under `policy`, said in `locale`, a
/// sentence each: free until the longest notice of its tiers, then each
/// tier's share, a percentage or an amount in `currency` (the price's).
pub fn cancellation_text(locale: Locale, policy: &CancellationPolicy, currency: Currency) -> Vec<String> {
    let t = table(locale);
    let days = |n: u16| match n {
        1 => t.one_day.to_owned(),
        n => fill(t.n_days, &[("n", &decimal(n.into()))]),
    };
    let share = |s: Share| match s {
        Share::BasisPoints(bp) => fill(t.percent, &[("n", &percent(bp, t.decimal))]),
        Share::Fixed(amount) => Money::new(amount, currency).map(|m| format_money(locale, &m)).unwrap_or_default(),
    };
    let CancellationPolicy::Tiered { tiers } = policy else { return vec![t.cancel_never.to_owned()] };
    // Longest notice first, picked one by one: a policy has a few tiers,
    // and a slice sort would bring its own code into the wasm.
    let next = |below: u16| tiers.iter().filter(|tier| tier.within_days < below).max_by_key(|tier| tier.within_days);
    let Some(first) = next(u16::MAX) else { return vec![t.cancel_free.to_owned()] };
    let mut out = vec![fill(t.cancel_free_until, &[("days", &days(first.within_days))])];
    let mut tier: Option<&CancellationTier> = Some(first);
    while let Some(this) = tier {
        out.push(fill(t.cancel_within, &[("days", &days(this.within_days)), ("share", &share(this.retained))]));
        tier = next(this.within_days);
    }
    out
}

/// `bp` basis points as a percentage's number: "50", "12,5".
fn percent(bp: u16, separator: &str) -> String {
    let (whole, hundredths) = (bp / 100, bp % 100);
    let mut out = decimal(whole.into());
    if hundredths != 0 {
        out.push_str(separator);
        if hundredths < 10 {
            out.push('0');
        }
        out.push_str(decimal(hundredths.into()).trim_end_matches('0'));
    }
    out
}

/// A deposit paid, said in `locale`.
pub fn deposit_paid(locale: Locale) -> &'static str {
    table(locale).deposit_paid
}

/// A card saved as a guarantee, nothing charged, said in `locale`.
pub fn card_saved(locale: Locale) -> &'static str {
    table(locale).card_saved
}

/// The terms on screen were no longer the booking's: said in `locale`.
pub fn terms_changed(locale: Locale) -> &'static str {
    table(locale).terms_changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use booking_contract::Currency;

    /// Today's Pay label, as `crate::i18n::pay_label` writes it in English and French.
    fn pay_label(locale: Locale, m: &Money) -> String {
        match locale {
            Locale::Fr => "Payer ".to_owned() + &format_money(locale, m),
            _ => "Pay ".to_owned() + &format_money(locale, m),
        }
    }

    fn eur(amount: i64) -> Money {
        Money::new(amount, Currency::parse("eur").unwrap()).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd(y, m, d).unwrap()
    }

    fn en(terms: PaymentTerms) -> TermsText {
        describe(Locale::En, &terms, |m| pay_label(Locale::En, m))
    }

    #[test]
    fn each_policy_says_what_happens_now_and_later() {
        let deposit = PaymentTerms::Deposit {
            total: eur(12_500),
            now: eur(2_500),
            balance: eur(10_000),
            balance_due: day(2027, 3, 12),
        };
        let t = en(deposit);
        assert_eq!(t.label, "Pay deposit €25.00");
        assert_eq!(t.later.as_deref(), Some("€100.00 charged on 12 March 2027"));
        let consent = t.consent.unwrap();
        assert!(consent.contains("€100.00") && consent.contains("12 March 2027"), "{consent}");

        let t = en(PaymentTerms::Hold { total: eur(12_500), capture_on: day(2027, 3, 12) });
        assert_eq!(t.label, "Authorise €125.00");
        assert_eq!(t.later.as_deref(), Some("Charged on arrival, 12 March 2027"));

        let t = en(PaymentTerms::Guarantee { total: eur(12_500), up_to: eur(12_500) });
        assert_eq!(t.label, "Save card");
        assert_eq!(t.later.as_deref(), Some("No charge now · no-show or late-cancellation fee up to €125.00"));
        assert!(t.consent.unwrap().contains("€125.00"));

        let t = en(PaymentTerms::PayNow { total: eur(12_500) });
        assert_eq!((t.label.as_str(), t.later, t.consent), ("Pay €125.00", None, None));
    }

    #[test]
    fn an_owed_charge_says_what_it_is_for_and_pays_it_whole_with_no_consent() {
        let owed = |charge| PaymentTerms::Owed { total: eur(7_200), charge };
        let t = en(owed(OwedCharge::Balance));
        assert_eq!((t.label.as_str(), t.consent), ("Pay €72.00", None));
        assert_eq!(
            t.later.as_deref(),
            Some("The balance of €72.00: your saved card could not be charged without you. Pay it here; your bank may ask you to confirm.")
        );
        assert!(en(owed(OwedCharge::NoShowFee)).later.unwrap().starts_with("The no-show fee of €72.00"));
        assert!(en(owed(OwedCharge::CancellationFee)).later.unwrap().starts_with("The cancellation fee of €72.00"));
        for locale in Locale::ALL {
            let t = table(locale);
            let whats = [t.owed_balance, t.owed_no_show_fee, t.owed_cancellation_fee];
            assert!(whats.iter().all(|w| !w.is_empty() && !t.owed.starts_with(w)), "{locale:?}");
            let fr = describe(locale, &owed(OwedCharge::NoShowFee), |m| pay_label(locale, m)).later.unwrap();
            assert!(fr.starts_with(t.owed_no_show_fee) && !fr.contains('{'), "{locale:?}: {fr}");
        }
    }

    #[test]
    fn a_cancellation_policy_says_what_each_notice_keeps_in_each_language() {
        let tier = |within_days, retained| CancellationTier { within_days, retained };
        let eur = Currency::parse("eur").unwrap();
        let sea_view = CancellationPolicy::Tiered {
            tiers: vec![tier(1, Share::BasisPoints(10_000)), tier(7, Share::BasisPoints(5_000))],
        };
        assert_eq!(
            cancellation_text(Locale::En, &sea_view, eur).join(" "),
            "Free cancellation until 7 days before arrival. Less than 7 days before: 50% kept. Less than 1 day before: 100% kept."
        );
        let cabin = CancellationPolicy::Tiered { tiers: vec![tier(1, Share::Fixed(3_900))] };
        assert_eq!(
            cancellation_text(Locale::Fr, &cabin, eur).join(" "),
            "Annulation gratuite jusqu'à 1 jour avant l'arrivée. À moins de 1 jour\u{a0}: retenue de 39,00\u{a0}€."
        );
        let odd = CancellationPolicy::Tiered {
            tiers: vec![tier(3, Share::BasisPoints(1_250)), tier(2, Share::BasisPoints(2_505))],
        };
        let de = cancellation_text(Locale::De, &odd, eur).join(" ");
        assert!(de.contains("12,5\u{a0}%") && de.contains("25,05\u{a0}%") && de.contains("3 Tage"), "{de}");
        for locale in Locale::ALL {
            let t = table(locale);
            assert_eq!(cancellation_text(locale, &CancellationPolicy::NonRefundable, eur), [t.cancel_never]);
            assert_eq!(cancellation_text(locale, &CancellationPolicy::Tiered { tiers: vec![] }, eur), [t.cancel_free]);
            let said = cancellation_text(locale, &sea_view, eur).join(" ");
            assert!(said.contains('7') && said.contains("50") && !said.contains('{'), "{locale:?}: {said}");
            if locale != Locale::En {
                assert_ne!(said, cancellation_text(Locale::En, &sea_view, eur).join(" "), "{locale:?} is translated");
            }
        }
    }

    #[test]
    fn dates_and_amounts_are_written_as_each_language_writes_them() {
        let date = day(2027, 3, 2);
        let expected = [
            (Locale::En, "2 March 2027"),
            (Locale::Fr, "2 mars 2027"),
            (Locale::De, "2. März 2027"),
            (Locale::Es, "2 de marzo de 2027"),
            (Locale::It, "2 marzo 2027"),
            (Locale::Nl, "2 maart 2027"),
        ];
        for (locale, text) in expected {
            assert_eq!(format_date(locale, date), text);
        }
        assert_eq!(format_date(Locale::Fr, day(2027, 3, 1)), "1er mars 2027");
        assert_eq!(format_date(Locale::En, day(2027, 12, 1)), "1 December 2027");
        let hold = PaymentTerms::Hold { total: eur(12_500), capture_on: date };
        let fr = describe(Locale::Fr, &hold, |m| pay_label(Locale::Fr, m));
        assert!(fr.label.contains("125,00\u{a0}€") && fr.later.unwrap().contains("2 mars 2027"));
    }

    #[test]
    fn every_language_holds_the_marks_its_english_sentence_holds() {
        fn marks(s: &str) -> Vec<&str> {
            let mut m: Vec<&str> = s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n)).collect();
            m.sort_unstable();
            m
        }
        let en = table(Locale::En);
        for locale in Locale::ALL {
            let t = table(locale);
            let pairs = [
                (t.pay_deposit, en.pay_deposit),
                (t.authorise, en.authorise),
                (t.save_card, en.save_card),
                (t.balance_on, en.balance_on),
                (t.captured_on, en.captured_on),
                (t.fee_up_to, en.fee_up_to),
                (t.consent_deposit, en.consent_deposit),
                (t.consent_hold, en.consent_hold),
                (t.consent_guarantee, en.consent_guarantee),
                (t.owed, en.owed),
                (t.cancel_free_until, en.cancel_free_until),
                (t.cancel_within, en.cancel_within),
                (t.n_days, en.n_days),
                (t.percent, en.percent),
                (t.date, en.date),
            ];
            for (theirs, english) in pairs {
                assert_eq!(marks(theirs), marks(english), "{locale:?}: {theirs}");
            }
            assert!(t.months.iter().all(|m| !m.is_empty()));
        }
    }

    #[test]
    fn a_deposit_paid_and_a_card_saved_are_translated_not_copied() {
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            assert_ne!(deposit_paid(locale), deposit_paid(Locale::En), "{locale:?}");
            assert_ne!(card_saved(locale), card_saved(Locale::En), "{locale:?}");
            assert_ne!(terms_changed(locale), terms_changed(Locale::En), "{locale:?}");
        }
        assert!(card_saved(Locale::En).contains("nothing was charged"));
    }

    #[test]
    fn a_mark_without_a_value_is_left_out_and_text_around_it_kept() {
        assert_eq!(fill("a {x} b {y}", &[("x", "1")]), "a 1 b ");
        assert_eq!(fill("no marks", &[("x", "1")]), "no marks");
    }
}
