//! `build --shard K/N`: one of N machines builds its share of a batch, and together the N
//! build each brief exactly once.
//!
//! A brief's shard is decided by its path alone, so it does not depend on the other inputs,
//! their order, or the machine: adding a brief never moves another one between shards, and
//! every machine of a CI matrix or a job array given the same list agrees on who builds what.
//! The path is taken as given, made relative to the working directory when it is absolute and
//! lies under it, and normalised lexically (`.` dropped, `x/..` removed, `/` between parts), so
//! `input/a.md`, `./input/a.md` and `$PWD/input/a.md` are the same brief; links are not
//! followed, as they may differ between machines. Its shard is then SipHash-2-4, with both keys
//! zero, of the normalised path's UTF-8 bytes, modulo N, plus one: a published algorithm with
//! fixed keys (not the standard library's randomly keyed hasher), the same on every platform
//! and in every version of briefpress.

use std::hash::Hasher;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

/// Shard K of N (1 ≤ K ≤ N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let shape = || format!("`{s}` is not K/N (shard K of N, counted from 1: 1/4 … 4/4)");
        let (k, n) = s.trim().split_once('/').ok_or_else(shape)?;
        let (k, n): (u64, u64) = (
            k.trim().parse().map_err(|_| shape())?,
            n.trim().parse().map_err(|_| shape())?,
        );
        match (k, n) {
            (_, 0) => Err(format!(
                "`{s}`: N, the number of shards, must be at least 1"
            )),
            (0, _) => Err(format!(
                "`{s}`: shards are counted from 1 (1/{n} … {n}/{n})"
            )),
            (k, n) if k > n => Err(format!(
                "`{s}`: there is no shard {k} of {n} (1/{n} … {n}/{n})"
            )),
            (k, n) => Ok(Shard { k, n }),
        }
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl Shard {
    /// Is the brief at `path` (as given, the working directory being `cwd`) in this shard?
    pub fn holds(&self, path: &Path, cwd: &Path) -> bool {
        shard_of(&key(path, cwd), self.n) == self.k
    }

    /// The inputs this shard builds, in the order given.
    pub fn select(&self, inputs: &[PathBuf], cwd: &Path) -> Vec<PathBuf> {
        inputs
            .iter()
            .filter(|p| self.holds(p, cwd))
            .cloned()
            .collect()
    }
}

/// The 1-based shard of `key` among `n`.
fn shard_of(key: &str, n: u64) -> u64 {
    let mut h = siphasher::sip::SipHasher24::new_with_keys(0, 0);
    h.write(key.as_bytes());
    h.finish() % n + 1
}

/// The path a brief is known by for sharding: relative to `cwd` when under it, lexically
/// normalised, parts joined with `/`.
pub fn key(path: &Path, cwd: &Path) -> String {
    let path = match path.strip_prefix(cwd) {
        Ok(rest) if path.is_absolute() => rest,
        _ => path,
    };
    let mut parts: Vec<String> = Vec::new();
    let mut rooted = false;
    for c in path.components() {
        match c {
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::RootDir => rooted = true,
            Component::CurDir => {}
            Component::ParentDir => match parts.last().map(String::as_str) {
                Some(last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted && parts.is_empty() => {}
                _ => parts.push("..".into()),
            },
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if rooted { format!("/{joined}") } else { joined }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    #[test]
    fn k_of_n_parses_and_bad_values_say_why() {
        assert_eq!("2/3".parse(), Ok(Shard { k: 2, n: 3 }));
        assert_eq!(" 1 / 1 ".parse(), Ok(Shard { k: 1, n: 1 }));
        assert_eq!(Shard { k: 7, n: 8 }.to_string(), "7/8");
        let err = |s: &str| s.parse::<Shard>().unwrap_err();
        assert_eq!(err("0/3"), "`0/3`: shards are counted from 1 (1/3 … 3/3)");
        assert_eq!(err("4/3"), "`4/3`: there is no shard 4 of 3 (1/3 … 3/3)");
        assert_eq!(
            err("1/0"),
            "`1/0`: N, the number of shards, must be at least 1"
        );
        for bad in ["", "3", "a/b", "1/", "/2", "-1/3", "1.5/3", "1/2/3"] {
            assert!(err(bad).contains("is not K/N"), "{bad}: {}", err(bad));
        }
    }

    /// The hash is SipHash-2-4 as published: the reference vector of the SipHash paper
    /// (Aumasson and Bernstein, appendix A: key 00…0f, message 00…0e) gives its value, so the
    /// shards cannot change with the crate's version or the machine.
    #[test]
    fn the_hash_is_the_published_siphash_2_4() {
        let mut h = siphasher::sip::SipHasher24::new_with_keys(
            u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7]),
            u64::from_le_bytes([8, 9, 10, 11, 12, 13, 14, 15]),
        );
        h.write(&(0u8..15).collect::<Vec<u8>>());
        assert_eq!(h.finish(), 0xa129_ca61_49be_45e5);
    }

    /// Shards pinned for good: worked out by an independent transcription of SipHash-2-4
    /// (Python, from the paper, checked on its reference vector), not by this code. A change
    /// of hash, keys or key normalisation would move briefs between shards of a running CI.
    #[test]
    fn shards_are_pinned_across_versions() {
        let cwd = p("/anywhere");
        for (path, hash, shard_of_3) in [
            ("in/2023/coastal-insurance.md", 0x20b0_48f6_d2ff_87fd_u64, 3),
            ("in/2023/groundwater-sahel.md", 0x1543_51a8_6ad2_c821, 2),
            ("in/2024/html-features.md", 0x2d48_318d_432d_17ef, 1),
        ] {
            let mut h = siphasher::sip::SipHasher24::new_with_keys(0, 0);
            h.write(key(&p(path), &cwd).as_bytes());
            assert_eq!(h.finish(), hash, "{path}");
            assert_eq!(shard_of(&key(&p(path), &cwd), 3), shard_of_3, "{path}");
            let k = shard_of_3;
            assert!(Shard { k, n: 3 }.holds(&p(&format!("./{path}")), &cwd));
        }
    }

    #[test]
    fn a_brief_is_known_by_its_path_however_spelt() {
        let cwd = p("/work/briefs");
        for spelt in [
            "input/a.md",
            "./input/a.md",
            "input/./a.md",
            "input/x/../a.md",
            "input//a.md",
            "/work/briefs/input/a.md",
        ] {
            assert_eq!(key(&p(spelt), &cwd), "input/a.md", "{spelt}");
        }
        assert_eq!(key(&p("../other/a.md"), &cwd), "../other/a.md");
        assert_eq!(key(&p("/srv/a.md"), &cwd), "/srv/a.md");
        assert_eq!(key(&p("/../a.md"), &cwd), "/a.md");
        // A folder of the same name elsewhere is another brief.
        assert_ne!(key(&p("/work/briefs2/a.md"), &cwd), key(&p("a.md"), &cwd));
    }

    /// Every brief falls in exactly one shard, whatever N; the shards are near even (within 15 %,
    /// three standard deviations for 8 shards of 3,000); and a
    /// brief's shard depends neither on the other inputs nor on their order.
    #[test]
    fn every_brief_is_in_exactly_one_shard_whatever_the_others() {
        let cwd = p("/ci");
        let inputs: Vec<PathBuf> = (0..3000)
            .map(|i| p(&format!("briefs/{}/brief-{i}.md", 2000 + i % 7)))
            .collect();
        for n in [1, 2, 3, 8] {
            let shards: Vec<Vec<PathBuf>> = (1..=n)
                .map(|k| Shard { k, n }.select(&inputs, &cwd))
                .collect();
            for input in &inputs {
                let holders = shards.iter().filter(|s| s.contains(input)).count();
                assert_eq!(holders, 1, "{} in {holders} of {n} shards", input.display());
            }
            let even = inputs.len() as f64 / n as f64;
            for s in &shards {
                let share = s.len() as f64 / even;
                assert!(
                    (0.85..1.15).contains(&share),
                    "{n} shards: {} briefs",
                    s.len()
                );
            }
        }
        let shard = Shard { k: 2, n: 5 };
        let whole = shard.select(&inputs, &cwd);
        let mut reversed = inputs.clone();
        reversed.reverse();
        let mut from_reversed = shard.select(&reversed, &cwd);
        from_reversed.reverse();
        assert_eq!(from_reversed, whole, "the order moved a brief");
        // Adding briefs moves none of the others.
        let mut more = inputs.clone();
        more.extend((0..500).map(|i| p(&format!("briefs/new/n-{i}.md"))));
        let after: Vec<PathBuf> = shard
            .select(&more, &cwd)
            .into_iter()
            .filter(|b| inputs.contains(b))
            .collect();
        assert_eq!(after, whole, "adding briefs moved one");
        // Each alone is in the same shard as in the batch.
        for b in inputs.iter().take(200) {
            assert_eq!(
                shard.select(std::slice::from_ref(b), &cwd).len() == 1,
                whole.contains(b)
            );
        }
    }
}
