//! Deriving the lexicon ([`super::lexicon`]) from WordNet 3.0's database files, at development time.
//!
//! This file owns which relations of WordNet become matching keys, and how conservatively: places and the
//! words for their people (demonyms and aliases: "Iranian", "Brazilian", "Holland"), irregular inflections
//! ("paid", "children"), derivations that keep the meaning ("employ"/"employment", "govern"/"government") and
//! strong synonyms (two common words whose most frequent senses name each other: "large"/"big"). It reads the
//! files it is given and returns text; it never runs at check time. Invariant: the output is a pure function of
//! the database files and of [`super::stem::strip`], sorted, so re-deriving gives the same bytes.
//!
//! Conservative means: a word is only related in its dominant part of speech (by WordNet's sense-tagged corpus
//! counts), groups are small ([`MAX_GROUP`]), a word or stem that two groups claim is left out, and distinct
//! places never share a key ("Israel" and "Iran" stay apart).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::stem::{is_stop, strip};

/// The database files read, in the order their checksums are recorded.
pub const FILES: [&str; 11] = [
    "data.noun",
    "data.verb",
    "data.adj",
    "data.adv",
    "index.noun",
    "index.verb",
    "index.adj",
    "index.adv",
    "cntlist.rev",
    "verb.exc",
    "noun.exc",
];

/// The largest group of words that may share a key: larger groups chain distinct meanings and are dropped.
pub const MAX_GROUP: usize = 4;

/// The least sense-tagged count of a synonym's first sense: only common senses count as strong synonyms.
const MIN_SYNONYM_COUNT: u32 = 5;

/// An inflected form that is itself a word this often in the tagged corpus ("found", "left") is left alone,
/// unless its own uses are rare beside its lemma's (see [`OWN_USE_RATIO`]).
const MAX_INFLECTION_OWN_COUNT: u32 = 3;

/// An irregular form that is no lemma of its own part of speech still maps to its lemma when the lemma is
/// tagged this many times more often than the form's own senses: "paid" (3 uses as an adjective, "pay" 211)
/// maps to "pay", "left" (78 against 417) keeps its political and spatial meanings.
const OWN_USE_RATIO: u32 = 20;

/// Endings of a derived word that keep the base's meaning (nominalisations, agents, relational adjectives);
/// endings that often shift it ("-ity", "-ive", "-ial", "-ic", "-ure", "-ness", "-ly": "hard"/"hardly") do not
/// qualify.
const SUFFIXES: &[&str] =
    &["ation", "ition", "ution", "ion", "ment", "ance", "ence", "ancy", "ency", "er", "or", "ing", "al"];

/// Why WordNet cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum WordnetError {
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {reason}")]
    Parse { path: PathBuf, line: usize, reason: &'static str },
}

/// Parts of speech, satellite adjectives folded into adjectives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Pos {
    Noun,
    Verb,
    Adj,
    Adv,
}

impl Pos {
    fn from_char(c: &str) -> Option<Pos> {
        match c {
            "n" => Some(Pos::Noun),
            "v" => Some(Pos::Verb),
            "a" | "s" => Some(Pos::Adj),
            "r" => Some(Pos::Adv),
            _ => None,
        }
    }
}

type SynsetId = (Pos, u32);

struct Pointer {
    symbol: String,
    target: SynsetId,
    /// Word numbers (1-based) for a lexical pointer, 0 for a semantic one.
    source_word: usize,
    target_word: usize,
}

struct Synset {
    /// Lower-cased lemmas, with adjective markers removed; multi-word lemmas keep their underscores.
    words: Vec<String>,
    /// The lemma as written (case kept), for telling abbreviations apart.
    written: Vec<String>,
    pointers: Vec<Pointer>,
    /// The lexicographer file the synset comes from (`lexnames`: 4 is `noun.act`, 11 `noun.event`).
    lexfile: u8,
    /// An adjective satellite, whose similar-to pointer (`&`) names the head of its cluster.
    satellite: bool,
}

/// WordNet, as far as the lexicon needs it.
pub struct Wordnet {
    synsets: HashMap<SynsetId, Synset>,
    /// Lemma to its synsets in each part of speech, most frequent sense first.
    senses: HashMap<String, BTreeMap<Pos, Vec<SynsetId>>>,
    /// (lemma, part of speech, sense number) to its count in the sense-tagged corpus.
    counts: HashMap<(String, Pos, usize), u32>,
    /// Irregular form to lemma, and the part of speech of the list (verbs and nouns).
    exceptions: Vec<(String, String, Pos)>,
}

impl Wordnet {
    /// Reads the database files from `dir` (Debian's `wordnet-base` installs them in `/usr/share/wordnet`).
    pub fn read(dir: &Path) -> Result<Self, WordnetError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|source| WordnetError::Io { path, source })
        };
        let mut synsets = HashMap::new();
        for (file, pos) in
            [("data.noun", Pos::Noun), ("data.verb", Pos::Verb), ("data.adj", Pos::Adj), ("data.adv", Pos::Adv)]
        {
            let text = read(file)?;
            for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with("  ")) {
                let err = |reason| WordnetError::Parse { path: dir.join(file), line: n + 1, reason };
                let (id, synset) = parse_synset(line, pos).ok_or_else(|| err("bad synset line"))?;
                synsets.insert(id, synset);
            }
        }
        let mut senses: HashMap<String, BTreeMap<Pos, Vec<SynsetId>>> = HashMap::new();
        for (file, pos) in
            [("index.noun", Pos::Noun), ("index.verb", Pos::Verb), ("index.adj", Pos::Adj), ("index.adv", Pos::Adv)]
        {
            let text = read(file)?;
            for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.starts_with("  ")) {
                let f: Vec<&str> = line.split_whitespace().collect();
                let count: usize = f.get(2).and_then(|c| c.parse().ok()).ok_or(WordnetError::Parse {
                    path: dir.join(file),
                    line: n + 1,
                    reason: "bad index line",
                })?;
                let offsets =
                    f[f.len().saturating_sub(count)..].iter().filter_map(|o| o.parse().ok()).map(|o| (pos, o));
                senses.entry(f[0].to_owned()).or_default().insert(pos, offsets.collect());
            }
        }
        let mut counts = HashMap::new();
        for line in read("cntlist.rev")?.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            let [key, sense, count] = f[..] else { continue };
            let Some((lemma, rest)) = key.split_once('%') else { continue };
            let pos = match rest.as_bytes().first() {
                Some(b'1') => Pos::Noun,
                Some(b'2') => Pos::Verb,
                Some(b'3' | b'5') => Pos::Adj,
                Some(b'4') => Pos::Adv,
                _ => continue,
            };
            if let (Ok(s), Ok(c)) = (sense.parse(), count.parse::<u32>()) {
                *counts.entry((lemma.to_owned(), pos, s)).or_insert(0) += c;
            }
        }
        let mut exceptions = Vec::new();
        for (file, pos) in [("verb.exc", Pos::Verb), ("noun.exc", Pos::Noun)] {
            for line in read(file)?.lines() {
                let f: Vec<&str> = line.split_whitespace().collect();
                if let [form, lemma] = f[..] {
                    exceptions.push((form.to_owned(), lemma.to_owned(), pos));
                }
            }
        }
        Ok(Self { synsets, senses, counts, exceptions })
    }

    /// Whether the word is a lemma of that part of speech ("found" is a verb of its own, "paid" is not).
    fn is_lemma(&self, word: &str, pos: Pos) -> bool {
        self.senses.get(word).is_some_and(|s| s.contains_key(&pos))
    }

    fn count(&self, lemma: &str, pos: Pos, sense: usize) -> u32 {
        self.counts.get(&(lemma.to_owned(), pos, sense)).copied().unwrap_or(0)
    }

    fn total(&self, lemma: &str, pos: Pos) -> u32 {
        let n = self.senses.get(lemma).and_then(|s| s.get(&pos)).map_or(0, Vec::len);
        (1..=n).map(|s| self.count(lemma, pos, s)).sum()
    }

    /// The part of speech a word is used in most (ties: noun, verb, adjective, adverb).
    fn dominant(&self, lemma: &str) -> Option<Pos> {
        let by_pos = self.senses.get(lemma)?;
        by_pos.keys().copied().max_by_key(|&p| (self.total(lemma, p), std::cmp::Reverse(p)))
    }

    /// The sense number (1-based) of `synset` among the lemma's senses of its part of speech.
    fn rank(&self, lemma: &str, synset: SynsetId) -> Option<usize> {
        self.senses.get(lemma)?.get(&synset.0)?.iter().position(|&s| s == synset).map(|i| i + 1)
    }

    /// Whether the first sense has more than half of the word's tagged uses in that part of speech: two words
    /// whose shared sense is only one of their common meanings ("contribute" and "lend", 43% and 44%) are not
    /// strong synonyms.
    fn first_sense_dominates(&self, lemma: &str, pos: Pos) -> bool {
        2 * self.count(lemma, pos, 1) > self.total(lemma, pos)
    }

    fn first_sense(&self, lemma: &str, pos: Pos) -> Option<SynsetId> {
        self.senses.get(lemma)?.get(&pos)?.first().copied()
    }

    /// Synsets reachable from `roots` by hyponym and instance-hyponym pointers.
    fn below(&self, roots: &[SynsetId]) -> HashSet<SynsetId> {
        let mut seen: HashSet<SynsetId> = roots.iter().copied().collect();
        let mut stack = roots.to_vec();
        while let Some(s) = stack.pop() {
            for p in self.synsets.get(&s).map_or(&[][..], |s| &s.pointers) {
                if (p.symbol == "~" || p.symbol == "~i") && seen.insert(p.target) {
                    stack.push(p.target);
                }
            }
        }
        seen
    }

    /// Whether a noun synset is a kind of person (within a few hypernym steps).
    fn is_person(&self, s: SynsetId, person: SynsetId) -> bool {
        let mut frontier = vec![s];
        for _ in 0..8 {
            let mut next = Vec::new();
            for f in frontier {
                if f == person {
                    return true;
                }
                let ptrs = self.synsets.get(&f).map_or(&[][..], |s| &s.pointers);
                next.extend(ptrs.iter().filter(|p| p.symbol == "@" || p.symbol == "@i").map(|p| p.target));
            }
            frontier = next;
        }
        false
    }
}

fn parse_synset(line: &str, pos: Pos) -> Option<(SynsetId, Synset)> {
    let head = line.split(" | ").next()?;
    let f: Vec<&str> = head.split_whitespace().collect();
    let offset: u32 = f.first()?.parse().ok()?;
    let lexfile: u8 = f.get(1)?.parse().ok()?;
    let words_n = usize::from_str_radix(f.get(3)?, 16).ok()?;
    let mut i = 4;
    let mut words = Vec::with_capacity(words_n);
    let mut written = Vec::with_capacity(words_n);
    for _ in 0..words_n {
        let w = f.get(i)?;
        let w = w.split('(').next()?;
        written.push(w.to_owned());
        words.push(w.to_lowercase());
        i += 2;
    }
    let ptr_n: usize = f.get(i)?.parse().ok()?;
    i += 1;
    let mut pointers = Vec::with_capacity(ptr_n);
    for _ in 0..ptr_n {
        let (symbol, target, tpos, st) = (f.get(i)?, f.get(i + 1)?, f.get(i + 2)?, f.get(i + 3)?);
        let st = u16::from_str_radix(st, 16).ok()?;
        pointers.push(Pointer {
            symbol: (*symbol).to_owned(),
            target: (Pos::from_char(tpos)?, target.parse().ok()?),
            source_word: (st >> 8) as usize,
            target_word: (st & 0xff) as usize,
        });
        i += 4;
    }
    let satellite = f.get(2) == Some(&"s");
    Some(((pos, offset), Synset { words, written, pointers, lexfile, satellite }))
}

/// A plain lower-case word the lexicon can hold: ASCII letters only, at least three of them.
fn plain(w: &str) -> bool {
    w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase())
}

/// Why a word is in the lexicon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    /// A place's alias or the word for its people or things ("israeli" → "israel").
    Place,
    /// An irregular inflection ("paid" → "pay").
    Inflection,
    /// A derivation or strong synonym that shares the group's key.
    Group,
    /// A national capital, by the key of its country ("washington" → "usa"): news names a government by its seat
    /// ("Washington imposed sanctions"). Not a matching key (the capital is no synonym of its country); read only
    /// to tell that such a name stands for the country, not for a rival of it.
    Capital,
    /// A common noun whose most frequent sense names an act or an event (WordNet's lexicographer files
    /// `noun.act` and `noun.event`: "move", "step", "decision"), by the file's name. Not a matching key: read to
    /// tell that "…, a move that …" after a clause names what the clause tells, not the name the clause ends on.
    Act,
    /// A unit of measurement (below "unit of measurement" in WordNet: "kilometre", "km", "tonne", "acre"), by the
    /// first word of its synset, so that spellings and short forms share it. Not a matching key: read to tell a
    /// count of kilometres from a count of people, which never disagree.
    Unit,
    /// A word of a synset in use (one of its words tagged in that sense at least once) with another one-word
    /// lemma, by the synset ("cut" and "reduce", "defence" and "defense"; a word has a row per such synset). Not
    /// a matching key: read only to tell that a word in place of a claim's word says the same thing in some
    /// sense, never that a sentence states a claim.
    Alike,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Place => "place",
            Relation::Inflection => "inflection",
            Relation::Group => "group",
            Relation::Capital => "capital",
            Relation::Act => "act",
            Relation::Unit => "unit",
            Relation::Alike => "alike",
        }
    }
}

/// Union-find over words.
#[derive(Default)]
struct Groups {
    parent: BTreeMap<String, String>,
}

impl Groups {
    fn find(&mut self, w: &str) -> String {
        let p = self.parent.entry(w.to_owned()).or_insert_with(|| w.to_owned()).clone();
        if p == w {
            return p;
        }
        let root = self.find(&p);
        self.parent.insert(w.to_owned(), root.clone());
        root
    }

    fn union(&mut self, a: &str, b: &str) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent.insert(hi, lo);
        }
    }

    fn members(mut self) -> Vec<BTreeSet<String>> {
        let words: Vec<String> = self.parent.keys().cloned().collect();
        let mut by_root: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for w in words {
            let r = self.find(&w);
            by_root.entry(r).or_default().insert(w);
        }
        by_root.into_values().collect()
    }
}

/// The lexicon as (word or stem, key, relation), sorted by word, one key per word. The `alike` rows, a word per
/// synset, are derived apart ([`derive_alike`]) into a table of their own.
pub fn derive(wn: &Wordnet) -> Vec<(String, String, Relation)> {
    let mut out: BTreeMap<String, BTreeSet<(String, Relation)>> = BTreeMap::new();
    fn add(out: &mut BTreeMap<String, BTreeSet<(String, Relation)>>, word: &str, key: &str, rel: Relation) {
        out.entry(word.to_owned()).or_default().insert((key.to_owned(), rel));
    }

    // Places: countries and continents, their one-word aliases, demonym adjectives and nouns.
    let class = |lemma: &str, senses: &[usize]| -> Vec<SynsetId> {
        let all = wn.senses.get(lemma).and_then(|s| s.get(&Pos::Noun)).cloned().unwrap_or_default();
        senses.iter().filter_map(|&n| all.get(n - 1).copied()).collect()
    };
    let mut roots = class("country", &[1, 2]);
    roots.extend(class("continent", &[1]));
    let below = wn.below(&roots);
    let person = class("person", &[1]).first().copied();
    let mut places: Vec<SynsetId> = below
        .iter()
        .copied()
        .filter(|s| wn.synsets[s].pointers.iter().any(|p| p.symbol == "@i" && below.contains(&p.target)))
        .collect();
    places.sort();
    for place in &places {
        let s = &wn.synsets[place];
        let Some(key) = place_key(s) else { continue };
        add(&mut out, &key, &key, Relation::Place);
        for w in s.words.iter().map(|w| w.replace('.', "")).filter(|w| plain(w) && !is_stop(w)) {
            add(&mut out, &w, &key, Relation::Place);
        }
    }
    for (id, s) in &wn.synsets {
        for p in &s.pointers {
            let Some(place) = places.binary_search(&p.target).ok().map(|i| places[i]) else { continue };
            let Some(key) = place_key(&wn.synsets[&place]) else { continue };
            let adjective = id.0 == Pos::Adj && p.symbol == "\\";
            let people = id.0 == Pos::Noun && p.symbol == "#m" && person.is_some_and(|per| wn.is_person(*id, per));
            if adjective || people {
                let words: Vec<&String> = if p.source_word > 0 {
                    s.words.get(p.source_word - 1).into_iter().collect()
                } else {
                    s.words.iter().collect()
                };
                for w in words.into_iter().filter(|w| plain(w)) {
                    add(&mut out, w, &key, Relation::Place);
                }
            }
        }
    }
    let place_words: HashSet<String> = out.keys().cloned().collect();

    // Groups: meaning-keeping derivations and strong synonyms, in each word's dominant part of speech.
    let mut groups = Groups::default();
    for (id, s) in &wn.synsets {
        for p in s
            .pointers
            .iter()
            .filter(|p| (p.symbol == "+" || p.symbol == "\\") && p.source_word > 0 && p.target_word > 0)
        {
            let (Some(a), Some(b)) = (
                s.words.get(p.source_word - 1),
                wn.synsets.get(&p.target).and_then(|t| t.words.get(p.target_word - 1)),
            ) else {
                continue;
            };
            if a == b || !plain(a) || !plain(b) || place_words.contains(a) || place_words.contains(b) {
                continue;
            }
            let common = wn.dominant(a) == Some(id.0) && wn.dominant(b) == Some(p.target.0);
            let frequent = wn.rank(a, *id).is_some_and(|r| r <= 3) && wn.rank(b, p.target).is_some_and(|r| r <= 3);
            let tagged = wn.total(a, id.0) > 0 && wn.total(b, p.target.0) > 0;
            if common && frequent && tagged && derived(a, b) {
                groups.union(a, b);
            }
        }
    }
    for (lemma, by_pos) in &wn.senses {
        let Some(pos) = wn.dominant(lemma) else { continue };
        if !plain(lemma) || place_words.contains(lemma) || !by_pos.contains_key(&pos) {
            continue;
        }
        let Some(first) = wn.first_sense(lemma, pos) else { continue };
        if wn.count(lemma, pos, 1) < MIN_SYNONYM_COUNT || !wn.first_sense_dominates(lemma, pos) {
            continue;
        }
        for other in &wn.synsets[&first].words {
            if other <= lemma || !plain(other) || place_words.contains(other) || wn.dominant(other) != Some(pos) {
                continue;
            }
            let mutual = wn.first_sense(other, pos).is_some_and(|f| wn.synsets[&f].words.contains(lemma));
            if mutual && wn.count(other, pos, 1) >= MIN_SYNONYM_COUNT && wn.first_sense_dominates(other, pos) {
                groups.union(lemma, other);
            }
        }
    }
    let mut group_key: HashMap<String, String> = HashMap::new();
    for members in groups.members() {
        if members.len() < 2 || members.len() > MAX_GROUP {
            continue;
        }
        // The key is the stem of the shortest member (then the first alphabetically).
        let head = members.iter().min_by_key(|w| (w.len(), (*w).clone())).unwrap();
        let key = strip(head);
        for w in &members {
            add(&mut out, w, &key, Relation::Group);
            group_key.insert(w.clone(), key.clone());
        }
    }

    // Irregular inflections, unless the form is a common word of its own.
    for (form, lemma, pos) in &wn.exceptions {
        if !plain(form) || !plain(lemma) || form == lemma || place_words.contains(form) {
            continue;
        }
        let own: u32 = [Pos::Noun, Pos::Verb, Pos::Adj, Pos::Adv].iter().map(|&p| wn.total(form, p)).sum();
        let lemma_uses: u32 = [Pos::Noun, Pos::Verb, Pos::Adj, Pos::Adv].iter().map(|&p| wn.total(lemma, p)).sum();
        let rare_beside_lemma = !wn.is_lemma(form, *pos) && own * OWN_USE_RATIO < lemma_uses;
        if own >= MAX_INFLECTION_OWN_COUNT && !rare_beside_lemma {
            continue;
        }
        let key = group_key.get(lemma).cloned().unwrap_or_else(|| strip(lemma));
        add(&mut out, form, &key, Relation::Inflection);
    }

    // Stems of group members, so that inflected forms ("contributions") find the key through the stemmer,
    // unless the stem is a word of another meaning.
    let lemmas: HashSet<&str> = wn.senses.keys().map(String::as_str).collect();
    let mut stems: Vec<(String, String, Relation)> = Vec::new();
    for (word, keys) in &out {
        let [(key, rel)] = &keys.iter().collect::<Vec<_>>()[..] else { continue };
        let (key, rel) = ((*key).clone(), *rel);
        let s = strip(word);
        let foreign = lemmas.contains(s.as_str()) && group_key.get(&s) != Some(&key) && s != key;
        if s != *word && !foreign {
            stems.push((s, key, rel));
        }
    }
    for (s, key, rel) in stems {
        add(&mut out, &s, &key, rel);
    }

    // National capitals: a one-word capital whose part holonyms reach a country, by that country's key; a word with
    // a sense that is not a name ("Male", "male"), or that is already an entry, or that two countries claim, is left
    // out.
    let capital_of = capitals(wn, &class("national_capital", &[1]), &places);
    // One key per entry: a word two groups claim is left to the stemmer. Entries that change nothing go.
    let mut entries: Vec<(String, String, Relation)> = out
        .into_iter()
        .filter_map(|(word, keys)| {
            let distinct: BTreeSet<&String> = keys.iter().map(|(k, _)| k).collect();
            if distinct.len() != 1 {
                return None;
            }
            let (key, rel) = keys.into_iter().next().unwrap();
            (key != strip(&word)).then_some((word, key, rel))
        })
        .collect();
    let taken: HashSet<String> = entries.iter().map(|(w, _, _)| w.clone()).collect();
    entries.extend(
        capital_of
            .into_iter()
            .filter(|(w, keys)| keys.len() == 1 && !taken.contains(w) && names_only(wn, w))
            .map(|(w, keys)| (w, keys.into_iter().next().unwrap(), Relation::Capital)),
    );
    entries.extend(acts(wn).into_iter().map(|(w, file)| (w, file.to_owned(), Relation::Act)));
    let unit_root = class("unit_of_measurement", &[1]);
    entries.extend(units(wn, &unit_root).into_iter().map(|(w, key)| (w, key, Relation::Unit)));
    entries.sort();
    entries
}

/// A unit's word as the table holds it: lower-case ASCII letters, two or more ("km", "acre").
fn unit_word(w: &str) -> bool {
    w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase())
}

/// Every one-word lemma of a synset below `root` (units of measurement), with its irregular plurals (`noun.exc`:
/// "feet"), keyed by the first such lemma of the synset ("km" and "kilometre" by "kilometer"). A word that names
/// units of several synsets ("pound", of weight and of money) takes the synset of its most frequent sense.
fn units(wn: &Wordnet, root: &[SynsetId]) -> Vec<(String, String)> {
    let mut ids: Vec<SynsetId> = wn.below(root).into_iter().collect();
    ids.sort();
    // Word to (rank of its sense, key): the lowest rank wins, then the smallest key.
    let mut best: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for id in ids {
        let s = &wn.synsets[&id];
        let Some(key) = s.words.iter().find(|w| unit_word(w)) else { continue };
        for w in s.words.iter().filter(|w| unit_word(w)) {
            let candidate = (wn.rank(w, id).unwrap_or(usize::MAX), key.clone());
            match best.get(w) {
                Some(held) if *held <= candidate => {}
                _ => {
                    best.insert(w.clone(), candidate);
                }
            }
        }
    }
    let mut out: BTreeMap<String, String> = best.into_iter().map(|(w, (_, key))| (w, key)).collect();
    for (form, lemma, pos) in &wn.exceptions {
        if *pos == Pos::Noun && unit_word(form) && !out.contains_key(form) {
            if let Some(key) = out.get(lemma).cloned() {
                out.insert(form.clone(), key);
            }
        }
    }
    out.into_iter().collect()
}

/// The one-word lemmas of every synset with two or more of them, each with the synset as its key (its part of
/// speech and offset: "v00429060"), when one of them is tagged in that sense at least once: senses nobody used in
/// the tagged corpus are left out. An adjective cluster (a head and its satellites, "expensive" with "costly"
/// and "pricey") counts as one synset, keyed by its head: WordNet sets the opposite meaning in another cluster.
pub fn derive_alike(wn: &Wordnet) -> Vec<(String, String, Relation)> {
    let head = |id: SynsetId, s: &Synset| {
        let up = s.pointers.iter().find(|p| p.symbol == "&").map(|p| p.target);
        if s.satellite {
            up.unwrap_or(id)
        } else {
            id
        }
    };
    let mut groups: BTreeMap<SynsetId, BTreeSet<&String>> = BTreeMap::new();
    let mut used: HashSet<SynsetId> = HashSet::new();
    for (&id, s) in &wn.synsets {
        let key = head(id, s);
        let words = s.words.iter().filter(|w| plain(w));
        for w in words {
            groups.entry(key).or_default().insert(w);
            if wn.rank(w, id).is_some_and(|r| wn.count(w, id.0, r) > 0) {
                used.insert(key);
            }
        }
    }
    let mut out = Vec::new();
    for (id, words) in groups {
        if words.len() < 2 || !used.contains(&id) {
            continue;
        }
        let pos = match id.0 {
            Pos::Noun => 'n',
            Pos::Verb => 'v',
            Pos::Adj => 'a',
            Pos::Adv => 'r',
        };
        out.extend(words.into_iter().map(|w| (w.clone(), format!("{pos}{:08}", id.1), Relation::Alike)));
    }
    out.sort();
    out
}

/// The lexicographer files of acts and events, by number and name.
const ACT_FILES: [(u8, &str); 2] = [(4, "noun.act"), (11, "noun.event")];

/// Common nouns whose first (most frequent) sense is an act or an event, with that sense's lexicographer file:
/// plain one-word lemmas whose first sense is tagged at least [`MIN_SYNONYM_COUNT`] times, so that only senses
/// in common use count. A word may also have a matching row; these rows are no matching keys.
fn acts(wn: &Wordnet) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = wn
        .senses
        .iter()
        .filter(|(lemma, _)| plain(lemma))
        .filter_map(|(lemma, _)| {
            let first = wn.first_sense(lemma, Pos::Noun)?;
            let lexfile = wn.synsets.get(&first)?.lexfile;
            let &(_, name) = ACT_FILES.iter().find(|&&(n, _)| n == lexfile)?;
            (wn.count(lemma, Pos::Noun, 1) >= MIN_SYNONYM_COUNT).then(|| (lemma.clone(), name))
        })
        .collect();
    out.sort();
    out
}

/// Each one-word lemma of an instance of `capital` (national capitals) with the keys of the countries among
/// `places` that its part holonyms reach within four steps ("Washington" is part of the District of Columbia,
/// which is part of the United States).
fn capitals(wn: &Wordnet, capital: &[SynsetId], places: &[SynsetId]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, s) in &wn.synsets {
        if !s.pointers.iter().any(|p| p.symbol == "@i" && capital.contains(&p.target)) {
            continue;
        }
        let mut frontier = vec![*id];
        let mut country = None;
        for _ in 0..4 {
            let up: Vec<SynsetId> = frontier
                .iter()
                .flat_map(|f| wn.synsets[f].pointers.iter().filter(|p| p.symbol == "#p").map(|p| p.target))
                .collect();
            country = up.iter().find(|t| places.binary_search(t).is_ok()).copied();
            if country.is_some() || up.is_empty() {
                break;
            }
            frontier = up;
        }
        let Some(key) = country.and_then(|c| place_key(&wn.synsets[&c])) else { continue };
        for w in s.words.iter().filter(|w| plain(w) && !is_stop(w)) {
            out.entry(w.clone()).or_default().insert(key.clone());
        }
    }
    out
}

/// Whether every sense of `word` is a noun written with a capital: a name, never a common word.
fn names_only(wn: &Wordnet, word: &str) -> bool {
    let Some(by_pos) = wn.senses.get(word) else { return false };
    by_pos.iter().all(|(pos, ids)| {
        *pos == Pos::Noun
            && ids.iter().all(|id| {
                let s = &wn.synsets[id];
                s.words
                    .iter()
                    .zip(&s.written)
                    .filter(|(w, _)| w.as_str() == word)
                    .all(|(_, written)| written.starts_with(|c: char| c.is_uppercase()))
            })
    })
}

/// The key of a place: its first lemma when that is one word ("china"), else its longest abbreviation
/// ("usa", "uk"), else none (the place keeps the keys of its words).
fn place_key(s: &Synset) -> Option<String> {
    let first = s.words.first()?;
    if plain(first) {
        return Some(first.clone());
    }
    s.written
        .iter()
        .map(|w| w.replace('.', ""))
        .filter(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase()))
        .max_by_key(|w| (w.len(), std::cmp::Reverse(w.clone())))
        .map(|w| w.to_lowercase())
}

/// Whether one word is the other plus a meaning-keeping ending, allowing the base's final "e" or "y" to go
/// ("contribute" → "contribution", "navy" → "naval", "found" → "founder").
fn derived(a: &str, b: &str) -> bool {
    let (base, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // "expand" → "expansion", "decide" → "decision", "permit" → "permission": a final d or t becomes s.
    let alternation = ["de", "te", "d", "t"]
        .iter()
        .filter_map(|e| base.strip_suffix(e))
        .any(|s| s.len() >= 3 && long.strip_prefix(s).is_some_and(|rest| rest == "sion" || rest == "ssion"));
    let stems = [base, base.strip_suffix('e').unwrap_or(base), base.strip_suffix('y').unwrap_or(base)];
    alternation
        || stems.iter().filter(|s| s.len() >= 3).any(|s| {
            long.strip_prefix(s).is_some_and(|rest| {
                // A doubled final consonant ("admit" → "admittance") is still the base.
                let doubled = rest.len() >= 2 && rest.as_bytes()[0] == *s.as_bytes().last().unwrap();
                SUFFIXES.contains(&rest) || doubled && SUFFIXES.contains(&&rest[1..])
            })
        })
}

/// SHA-256 of each database file in [`FILES`], as lower-case hex.
pub fn checksums(dir: &Path) -> Result<Vec<(String, String)>, WordnetError> {
    use sha2::{Digest, Sha256};
    FILES
        .iter()
        .map(|f| {
            let path = dir.join(f);
            let bytes = std::fs::read(&path).map_err(|source| WordnetError::Io { path, source })?;
            Ok(((*f).to_owned(), Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()))
        })
        .collect()
}

/// The lexicon file's text: a header naming the source, then `word<TAB>key<TAB>relation` lines.
pub fn to_tsv(entries: &[(String, String, Relation)], checksums: &[(String, String)]) -> String {
    let mut s =
        String::from("# Derived from WordNet 3.0 by `cargo run --example derive_lexicon`; see DATA.md. Do not edit.\n");
    for (file, sha) in checksums {
        s.push_str(&format!("# sha256 {file} {sha}\n"));
    }
    for (w, k, r) in entries {
        s.push_str(&format!("{w}\t{k}\t{}\n", r.as_str()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivations_keep_the_base() {
        for (a, b) in [
            ("govern", "government"),
            ("teach", "teacher"),
            ("employ", "employment"),
            ("accept", "acceptance"),
            ("decide", "decision"),
            ("permit", "permission"),
            ("admit", "admittance"),
        ] {
            assert!(derived(a, b) && derived(b, a), "{a} {b}");
        }
        for (a, b) in [("confident", "confidential"), ("create", "creature"), ("act", "actuate"), ("hard", "hardly")] {
            assert!(!derived(a, b), "{a} {b}");
        }
    }
}
