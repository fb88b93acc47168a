//! The simulation's randomness: a small seedable generator (xorshift64*)
//! and `splitmix`, which spreads seeds and mixes ids.

use std::time::Duration;

/// xorshift64*: small, fast and seedable, which is all a simulation needs.
#[derive(Debug, Clone)]
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        // Seeds are small numbers typed by people (0, 1, 42): splitmix spreads
        // them over the state, and xorshift must never start at zero.
        let z = splitmix(seed);
        Self(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0), without modulo bias.
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Both ends included.
    pub(super) fn between(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            return low;
        }
        low + self.below(high - low + 1)
    }

    pub(super) fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub(super) fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut roll = self.below(total);
        for (item, weight) in items {
            if roll < u64::from(*weight) {
                return item;
            }
            roll -= u64::from(*weight);
        }
        &items[items.len() - 1].0
    }

    /// In (0, 1], so that its logarithm is finite.
    fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// Exponential gaps make arrivals a Poisson process: orders come in
    /// bursts and lulls as real traffic does, not on a metronome.
    pub(super) fn gap(&mut self, mean: Duration) -> Duration {
        let secs = -self.unit().ln() * mean.as_secs_f64();
        Duration::from_secs_f64(secs.min(mean.as_secs_f64() * 10.0))
    }
}

pub(super) fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
