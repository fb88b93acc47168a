//! 사업자등록번호: ten digits whose last is a checksum of the first nine.

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::msg;

/// A business registration number that passed the national checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessNumber(String);

impl BusinessNumber {
    /// Accepts `1234567891` or `123-45-67891` (spaces and dashes ignored).
    pub fn parse(input: &str) -> Result<Self, AppError> {
        let digits: Vec<u32> = input
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .map(|c| c.to_digit(10))
            .collect::<Option<_>>()
            .ok_or_else(Self::error)?;
        if digits.len() != 10 {
            return Err(Self::error());
        }
        const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
        let mut sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        sum += digits[8] * 5 / 10;
        if (10 - sum % 10) % 10 != digits[9] {
            return Err(Self::error());
        }
        Ok(Self(digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect()))
    }

    fn error() -> AppError {
        AppError::invalid("business_number", msg::shop_err_business_number_invalid())
    }

    /// The ten digits, as stored.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `XXX-XX-XXXXX`, as printed on the certificate.
    pub fn formatted(&self) -> String {
        format!("{}-{}-{}", &self.0[..3], &self.0[3..5], &self.0[5..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_the_right_check_digit_is_accepted() {
        let n = BusinessNumber::parse("123-45-67891").unwrap();
        assert_eq!(n.digits(), "1234567891");
        assert_eq!(n.formatted(), "123-45-67891");
        assert_eq!(BusinessNumber::parse("220 81 62517").unwrap().formatted(), "220-81-62517");
    }

    #[test]
    fn the_published_numbers_of_well_known_companies_are_valid() {
        // 삼성전자, 네이버, 카카오: numbers printed on their sites' footers.
        for known in ["124-81-00998", "220-81-62517", "120-81-47521"] {
            assert_eq!(BusinessNumber::parse(known).unwrap().formatted(), known);
        }
    }

    #[test]
    fn changing_any_one_digit_of_a_valid_number_breaks_it() {
        let valid: Vec<u32> = "1248100998".chars().map(|c| c.to_digit(10).unwrap()).collect();
        for i in 0..10 {
            for d in 0..10 {
                if d == valid[i] {
                    continue;
                }
                let mut digits = valid.clone();
                digits[i] = d;
                let s: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
                // Weights 1, 3, 7 are coprime to 10 and the 9th digit's
                // 5d + ⌊5d/10⌋ takes ten different values mod 10: every
                // single-digit change is caught.
                assert!(BusinessNumber::parse(&s).is_err(), "{s}");
            }
        }
    }

    #[test]
    fn a_wrong_check_digit_or_length_is_refused() {
        for bad in ["123-45-67890", "123456789", "12345678901", "abc-de-fghij", ""] {
            let err = BusinessNumber::parse(bad).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("business_number"), "{bad}");
        }
    }
}
