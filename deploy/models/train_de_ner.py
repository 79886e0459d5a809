#!/usr/bin/env python3
"""Train Newsflow's offline German NER model (spaCy CNN tok2vec + ner).

The model is trained only from the open data copied under deploy/models/data/
(GermEval 2014 dev, MobIE, Europeana Newspapers DE), never from WikiANN and
never from the project's gold files. Steps:

  convert   corpora -> spaCy DocBin files (train / dev / test) in the work dir,
            plus the held-out GermEval test sentences as a GermEval TSV
  train     `spacy train` with deploy/models/de_ner.cfg
  evaluate  mention-level exact-match P/R/F1 on the held-out GermEval test
            split (and the dev split), and words/s
  export    copy model-best into pipeline/extraction/models/de_newsflow_ner/
            and write its TRAINING.md
  all       the four steps in order (the reproducible command)
  nouns     write pipeline/extraction/data/de_common_nouns.txt, the capitalised German
            words that are not names, from the GermEval train and dev parts and
            MobIE train/dev (never from the held-out GermEval test sentences)

Label mapping onto PER/ORG/LOC/MISC:
  GermEval 2014 (outer column 3): PER/ORG/LOC as is, OTH -> MISC,
    *deriv -> MISC, *part -> O; U+00AD removed from tokens.
  MobIE (.conll2003): person -> PER, organization, organization-company -> ORG,
    location, location-* -> LOC, every other type -> O.
  Europeana Newspapers DE (.bio): PER/ORG/LOC; label typos fixed (B-PEr,
    I_ORG, B.PER, B-LOCer ...), I-MISC and stray labels -> O; tokens holding
    spaces split; trailing punctuation split off words (müsse. -> müsse .);
    text split into sentences after . ! ? (not after a number or inside an
    entity), at most 60 tokens per sentence.

GermEval split (fixed, seeded): the 2,200 sentences are shuffled with
random.Random(--split-seed) by sentence index; the first 25 % are the test
set (never trained on), the next 10 % the dev set (early stopping), the rest
is training data. MobIE train+dev+test and Europeana lft+onb+sbb are training
data only. The GermEval train part is repeated (--germeval-repeat, default 4)
because it is the only in-domain, MISC-annotated data. MobIE and Europeana
annotate no MISC: there, words that GermEval would call MISC (-isch
adjectives such as "deutschen", demonyms such as "Berliner" of places that
are LOC mentions in the data) are marked unannotated instead of O
(--no-missing-misc turns this off).

Needs only the standard library and spaCy (3.8). Example:

  nice -n 10 .venv/bin/python deploy/models/train_de_ner.py all
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.extraction import conll  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / "data"
DEFAULT_CONFIG = HERE / "de_ner.cfg"
DEFAULT_WORK = ROOT / "build" / "de_ner"
DEFAULT_MODEL = ROOT / "pipeline" / "extraction" / "models" / "de_newsflow_ner"

GERMEVAL_FILE = Path("germeval2014") / "NER-de-dev.tsv"
MOBIE_FILES = [Path("mobie") / f"{s}.conll2003" for s in ("train", "dev", "test")]
EUROPEANA_FILES = [Path("europeana-de") / f"enp_DE.{s}.bio" for s in ("lft", "onb", "sbb")]

SPLIT_SEED = 2014
TRAIN_SEED = 0
TEST_SHARE = 0.25
DEV_SHARE = 0.10

#: Europeana label typos (README of shared/data) and what they stand for.
EUROPEANA_TAG_FIXES = {
    "B-PEr": "B-PER",
    "I-PEr": "I-PER",
    "B_PER": "B-PER",
    "B.PER": "B-PER",
    "B-ER": "B-PER",
    "B-BER": "B-PER",
    "I_ORG": "I-ORG",
    "B-ORg": "B-ORG",
    "B_LOC": "B-LOC",
    "B-LOCer": "B-LOC",
    "B-OLOC": "B-LOC",
    "I-MISC": "O",
    "v": "O",
}
EUROPEANA_HEADER = re.compile(r"^# (file|sbb url|tel url):")
EUROPEANA_TAGS = {"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"}
SENTENCE_END = {".", "!", "?"}
DERIV_ADJECTIVE = re.compile(r"^(?:[A-Za-zÄÖÜäöü]+-)?(?:[a-zäöüß]+isch(?:e[mnrs]?)?|deutsch\w*)$")
DEMONYM = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]{2,}er$")
NOT_DERIV = {"zwischen", "inzwischen", "tischen"}
TRAILING_PUNCT = re.compile(r"^(.*?\w)([.,;:!?/]+)$")
MAX_SENTENCE = 60
MIN_SENTENCE = 4


@dataclass
class Part:
    """Sentences of one corpus part, as (words, BIO tags over PER/ORG/LOC/MISC)."""

    name: str
    sentences: list[tuple[list[str], list[str]]]

    def stats(self) -> dict[str, Any]:
        ents: Counter[str] = Counter()
        for _, tags in self.sentences:
            ents.update(label for _, _, label in conll.extract_spans(tags, mapped=True))
        return {
            "sentences": len(self.sentences),
            "tokens": sum(len(w) for w, _ in self.sentences),
            "entities": dict(sorted(ents.items())),
        }


# ---------------------------------------------------------------- corpora


def clean_bio(tags: Sequence[str]) -> list[str]:
    """Mapped, well-formed BIO (an I-X that starts a mention becomes B-X)."""
    return conll.spans_to_tags(len(tags), conll.extract_spans(tags))


def germeval_split(
    sentences: Sequence[conll.Sentence], seed: int, test_share: float, dev_share: float
) -> tuple[list[int], list[int], list[int]]:
    """Sentence indices of the train, dev and test parts (fixed for a seed)."""
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible split, not crypto
    n_test = round(len(order) * test_share)
    n_dev = round(len(order) * dev_share)
    test = sorted(order[:n_test])
    dev = sorted(order[n_test : n_test + n_dev])
    train = sorted(order[n_test + n_dev :])
    return train, dev, test


def read_europeana(path: Path) -> list[tuple[list[str], list[str]]]:
    """One Europeana .bio file as sentences (see the module docstring)."""
    words: list[str] = []
    tags: list[str] = []
    pages: list[tuple[list[str], list[str]]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if EUROPEANA_HEADER.match(raw):
            if words:
                pages.append((words, tags))
            words, tags = [], []
            continue
        fields = raw.split()
        if not fields:
            continue
        tag = EUROPEANA_TAG_FIXES.get(fields[-1], fields[-1])
        if len(fields) >= 2 and tag in EUROPEANA_TAGS:
            tokens = fields[:-1]
        else:  # no tag at all (a bare token): outside
            tokens, tag = fields, "O"
        for i, token in enumerate(tokens):
            token_tag = tag if i == 0 or tag == "O" else "I-" + tag[2:]
            word, punct = split_trailing_punct(token)
            words.append(word)
            tags.append(token_tag)
            for char in punct:
                words.append(char)
                tags.append("O")
    if words:
        pages.append((words, tags))
    sentences: list[tuple[list[str], list[str]]] = []
    for page_words, page_tags in pages:
        sentences.extend(split_sentences(page_words, clean_bio(page_tags)))
    return sentences


def split_trailing_punct(token: str) -> tuple[str, str]:
    """Split trailing punctuation off an OCR token, as GermEval tokenises it:
    ``müsse.`` -> (``müsse``, ``.``), ``Pernthaler,`` -> (``Pernthaler``, ``,``).
    A final period stays on short words and numbers (``Dr.``, ``26.``)."""
    match = TRAILING_PUNCT.match(token)
    if match is None:
        return token, ""
    word, punct = match.group(1), match.group(2)
    if punct.startswith(".") and (len(word) <= 3 or word.isdigit()):
        if len(punct) == 1:
            return token, ""
        return word + ".", punct[1:]
    return word, punct


def split_sentences(words: Sequence[str], tags: Sequence[str]) -> list[tuple[list[str], list[str]]]:
    """Split running text after sentence-final punctuation (see module docstring)."""
    out: list[tuple[list[str], list[str]]] = []
    start = 0
    n = len(words)
    for i, word in enumerate(words):
        nxt_tag = tags[i + 1] if i + 1 < n else "O"
        if nxt_tag.startswith("I-"):
            continue
        length = i + 1 - start
        prev = words[i - 1] if i > 0 else ""
        end = (
            word in SENTENCE_END
            and length >= MIN_SENTENCE
            and not prev.isdigit()
            and not (len(prev) == 1 and prev.isalpha())
        )
        if end or length >= MAX_SENTENCE or i + 1 == n:
            out.append((list(words[start : i + 1]), list(tags[start : i + 1])))
            start = i + 1
    return out


def load_corpora(
    data_dir: Path,
    split_seed: int,
    *,
    europeana: bool = True,
    mobie: bool = True,
    missing_misc: bool = True,
) -> tuple[dict[str, Part], list[conll.Sentence]]:
    """All corpus parts, mapped, and the held-out GermEval test sentences (raw)."""
    germeval = conll.read_conll(data_dir / GERMEVAL_FILE, "germeval")
    train_idx, dev_idx, test_idx = germeval_split(germeval, split_seed, TEST_SHARE, DEV_SHARE)

    def part(name: str, idx: Iterable[int]) -> Part:
        return Part(name, [(list(germeval[i].words), clean_bio(germeval[i].tags)) for i in idx])

    parts = {
        "germeval-train": part("germeval-train", train_idx),
        "germeval-dev": part("germeval-dev", dev_idx),
        "germeval-test": part("germeval-test", test_idx),
    }
    if mobie:
        for rel in MOBIE_FILES:
            sents = conll.read_conll(data_dir / rel, "conll2003")
            name = f"mobie-{rel.stem}"
            parts[name] = Part(name, [(list(s.words), clean_bio(s.tags)) for s in sents])
    if europeana:
        for rel in EUROPEANA_FILES:
            name = "europeana-" + rel.name.split(".")[1]
            parts[name] = Part(name, read_europeana(data_dir / rel))
    if missing_misc:
        places = {
            " ".join(w[a:b])
            for p in parts.values()
            if p.name != "germeval-test"
            for w, t in p.sentences
            for a, b, label in conll.extract_spans(t, mapped=True)
            if label == "LOC"
        }
        for name, p in parts.items():
            if not name.startswith("germeval"):
                p.sentences = [(w, mark_unannotated_misc(t, w, places)) for w, t in p.sentences]
    return parts, [germeval[i] for i in test_idx]


def augment_mentions(
    sentences: Sequence[tuple[list[str], list[str]]], copies: int, seed: int, rate: float = 0.7
) -> list[tuple[list[str], list[str]]]:
    """Mention replacement (Dai & Adel 2020): ``copies`` new versions of each
    sentence in which each mention is, with probability ``rate``, replaced by a
    random mention of the same type from the same sentences."""
    pool: dict[str, list[list[str]]] = {}
    for words, tags in sentences:
        for start, end, label in conll.extract_spans(tags, mapped=True):
            pool.setdefault(label, []).append(words[start:end])
    rng = random.Random(seed)  # noqa: S311 - reproducible augmentation, not crypto
    out: list[tuple[list[str], list[str]]] = []
    for _ in range(copies):
        for words, tags in sentences:
            new_words: list[str] = []
            new_tags: list[str] = []
            i = 0
            for start, end, label in conll.extract_spans(tags, mapped=True):
                new_words.extend(words[i:start])
                new_tags.extend(tags[i:start])
                mention = rng.choice(pool[label]) if rng.random() < rate else words[start:end]
                new_words.extend(mention)
                new_tags.extend([f"B-{label}"] + [f"I-{label}"] * (len(mention) - 1))
                i = end
            new_words.extend(words[i:])
            new_tags.extend(tags[i:])
            out.append((new_words, new_tags))
    return out


def mark_unannotated_misc(tags: Sequence[str], words: Sequence[str], places: set[str]) -> list[str]:
    """Mark as unknown ("") the O tokens that GermEval would likely call MISC.

    MobIE and Europeana annotate no MISC, so their O on words derived from
    names (*deutsche*, *französischen*, *Berliner* when *Berlin* is a LOC
    mention somewhere in the training data) would teach the
    model that such words are never entities. spaCy's NER ignores tokens with
    a missing label, so GermEval alone decides about them.
    """
    out = list(tags)
    for i, (word, tag) in enumerate(zip(words, tags, strict=True)):
        if tag != "O":
            continue
        if word.lower() in NOT_DERIV:
            continue
        if DERIV_ADJECTIVE.match(word) or (DEMONYM.match(word) and word[:-2] in places):
            out[i] = ""
    return out


def to_docbin(sentences: Iterable[tuple[list[str], list[str]]], path: Path) -> None:
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for words, tags in sentences:
        db.add(Doc(vocab, words=words, ents=tags))
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)


def write_germeval(sentences: Iterable[conll.Sentence], path: Path) -> None:
    """Write sentences in GermEval TSV (outer column; nested column O)."""
    lines: list[str] = []
    for s in sentences:
        lines.append(f"#\t{s.doc_id or ''}")
        lines.extend(
            f"{i}\t{w}\t{t}\tO" for i, (w, t) in enumerate(zip(s.words, s.tags, strict=True), 1)
        )
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- steps


def cmd_convert(args: argparse.Namespace) -> None:
    parts, test = load_corpora(
        args.data_dir,
        args.split_seed,
        europeana=not args.no_europeana,
        mobie=not args.no_mobie,
        missing_misc=not args.no_missing_misc,
    )
    corpus = args.work_dir / "corpus"
    train: list[tuple[list[str], list[str]]] = []
    for name, part in parts.items():
        if name in {"germeval-dev", "germeval-test"}:
            continue
        repeat = args.germeval_repeat if name == "germeval-train" else 1
        train.extend(part.sentences * repeat)
    if args.augment:
        train.extend(
            augment_mentions(parts["germeval-train"].sentences, args.augment, args.split_seed)
        )
    random.Random(args.split_seed).shuffle(train)  # noqa: S311 - reproducible order
    to_docbin(train, corpus / "train.spacy")
    to_docbin(parts["germeval-dev"].sentences, corpus / "dev.spacy")
    to_docbin(parts["germeval-test"].sentences, corpus / "test.spacy")
    write_germeval(test, corpus / "germeval-heldout-test.tsv")
    stats = {
        "split_seed": args.split_seed,
        "germeval_repeat": args.germeval_repeat,
        "augment": args.augment,
        "europeana": not args.no_europeana,
        "mobie": not args.no_mobie,
        "missing_misc": not args.no_missing_misc,
        "parts": {name: part.stats() for name, part in parts.items()},
        "train_sentences_after_repeat": len(train),
    }
    (corpus / "stats.json").write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n")
    for name, part in parts.items():
        s = part.stats()
        print(f"{name:<18} {s['sentences']:>6} sentences {s['tokens']:>7} tokens  {s['entities']}")
    print(
        f"train.spacy: {len(train)} sentences (GermEval train x{args.germeval_repeat}"
        f" + {args.augment} mention-replaced copies)"
    )
    print(f"wrote {corpus}/{{train,dev,test}}.spacy and germeval-heldout-test.tsv")


NOUNS_FILE = Path(__file__).resolve().parents[2] / "pipeline/extraction/data/de_common_nouns.txt"
_NOUN = re.compile(r"[A-ZÄÖÜ][a-zäöüß]{2,}")


def common_nouns(parts: dict[str, Part]) -> list[str]:
    """Capitalised words of three letters or more tagged O and not first in their sentence,
    in the GermEval train and dev parts and MobIE train/dev: German nouns, not names."""
    words: set[str] = set()
    for name in ("germeval-train", "germeval-dev", "mobie-train", "mobie-dev"):
        for tokens, tags in parts[name].sentences:
            for i, (word, tag) in enumerate(zip(tokens, tags, strict=True)):
                if i > 0 and tag == "O" and _NOUN.fullmatch(word):
                    words.add(word)
    return sorted(words)


def cmd_nouns(args: argparse.Namespace) -> None:
    parts, _ = load_corpora(args.data_dir, args.split_seed, europeana=False, missing_misc=False)
    words = common_nouns(parts)
    header = (
        "# Capitalised German words that are not names: tokens tagged O (not sentence-initial)\n"
        "# in the GermEval 2014 dev file's train and dev parts (never its held-out test part;\n"
        "# CC BY 4.0; Benikova et al. 2014) and MobIE train/dev (CC BY 4.0; Hennig et al.\n"
        "# 2021). Written by `deploy/models/train_de_ner.py nouns`; one word a line.\n"
    )
    NOUNS_FILE.write_text(header + "".join(f"{w}\n" for w in words), encoding="utf-8")
    print(f"wrote {len(words)} words to {NOUNS_FILE}")


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    corpus = args.work_dir / "corpus"
    overrides: dict[str, Any] = {
        "paths.train": str(corpus / "train.spacy"),
        "paths.dev": str(corpus / "dev.spacy"),
        "system.seed": args.seed,
    }
    for item in args.set or []:
        key, _, value = item.partition("=")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key] = value
    return overrides


def cmd_train(args: argparse.Namespace) -> None:
    from spacy.cli.train import train as spacy_train

    output = args.work_dir / "training"
    overrides = _overrides(args)
    started = time.monotonic()
    spacy_train(args.config, output, use_gpu=-1, overrides=overrides)
    seconds = time.monotonic() - started
    info = {
        "config": str(
            args.config.relative_to(ROOT) if args.config.is_relative_to(ROOT) else args.config
        ),
        "overrides": {k: v for k, v in overrides.items() if not k.startswith("paths.")},
        "seed": args.seed,
        "wall_seconds": round(seconds, 1),
        "command": " ".join(["python", *sys.argv]),
    }
    (args.work_dir / "train_info.json").write_text(json.dumps(info, indent=2) + "\n")
    print(f"training took {seconds / 60:.1f} min; model-best in {output / 'model-best'}")


def _gold(args: argparse.Namespace, which: str) -> list[conll.Sentence]:
    germeval = conll.read_conll(args.data_dir / GERMEVAL_FILE, "germeval")
    train_idx, dev_idx, test_idx = germeval_split(germeval, args.split_seed, TEST_SHARE, DEV_SHARE)
    idx = {"test": test_idx, "dev": dev_idx, "train": train_idx}[which]
    return [germeval[i] for i in idx]


def evaluate_model(model: Path, gold: Sequence[conll.Sentence]) -> tuple[conll.Evaluation, float]:
    import spacy

    nlp = spacy.load(model)
    words = [s.words for s in gold]
    started = time.perf_counter()
    predicted = conll.predict_spans(nlp, words)
    seconds = time.perf_counter() - started
    n_words = sum(len(w) for w in words)
    return conll.score_spans([s.spans() for s in gold], predicted), n_words / seconds


def cmd_evaluate(args: argparse.Namespace) -> None:
    model = args.model or args.work_dir / "training" / "model-best"
    scores: dict[str, Any] = {"model": str(model)}
    for which in ("dev", "test"):
        evaluation, wps = evaluate_model(model, _gold(args, which))
        print(conll.format_report(evaluation, f"GermEval 2014 held-out {which} split ({model})"))
        print(f"{wps:,.0f} words/s (pre-tokenised, this process)\n")
        scores[which] = evaluation.as_dict()
        scores[f"{which}_words_per_second"] = round(wps)
    if args.model is None:
        (args.work_dir / "scores.json").write_text(json.dumps(scores, indent=2) + "\n")


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def cmd_export(args: argparse.Namespace) -> None:
    src = args.work_dir / "training" / "model-best"
    dest: Path = args.output
    if not (src / "meta.json").is_file():
        raise SystemExit(f"no trained model in {src}: run the train step first")
    stats = json.loads((args.work_dir / "corpus" / "stats.json").read_text())
    info = json.loads((args.work_dir / "train_info.json").read_text())
    scores = json.loads((args.work_dir / "scores.json").read_text())
    keep_training_md = None
    if (dest / "TRAINING.md").is_file():
        keep_training_md = (dest / "TRAINING.md").read_text()
    if dest.exists():
        shutil.rmtree(dest)
    try:
        shutil.copytree(src, dest)
    except BaseException:
        if keep_training_md is not None:
            dest.mkdir(parents=True, exist_ok=True)
            (dest / "TRAINING.md").write_text(keep_training_md)
        raise
    _strip_model(dest, stats, scores)
    _prune_strings(src, dest, _gold(args, "test"))
    (dest / "TRAINING.md").write_text(training_md(stats, info, scores, _dir_size(dest)))
    print(f"exported {src} -> {dest} ({_dir_size(dest) / 1e6:.1f} MB)")


def _strip_model(dest: Path, stats: dict[str, Any], scores: dict[str, Any]) -> None:
    """Drop what only training needs: corpus paths in the config, training logs in meta."""
    cfg = dest / "config.cfg"
    text = cfg.read_text()
    text = re.sub(r'(?m)^(train|dev) = ".*"$', r"\1 = null", text)
    cfg.write_text(text)
    meta = json.loads((dest / "meta.json").read_text())
    for key in ("performance", "spacy_git_version"):
        meta.pop(key, None)
    meta.update(
        {
            "name": "newsflow_ner",
            "version": "0.1.0",
            "description": (
                "Newsflow offline German NER (PER/ORG/LOC/MISC), CNN tok2vec + ner, "
                "trained from GermEval 2014 (dev part), MobIE and Europeana Newspapers DE. "
                "See TRAINING.md."
            ),
            "author": "Newsflow",
            "license": "CC BY 4.0 (trained from CC BY 4.0 and CC0 data; see TRAINING.md)",
            "sources": [
                {"name": "GermEval 2014 NER (dev split)", "license": "CC BY 4.0"},
                {"name": "MobIE v1_20210811 (.conll2003)", "license": "CC BY 4.0"},
                {"name": "Europeana Newspapers NER corpora (German)", "license": "CC0 1.0"},
            ],
            "heldout_germeval_test": scores["test"]["overall"],
            "heldout_germeval_test_split_seed": stats["split_seed"],
        }
    )
    (dest / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")


def _prune_strings(src: Path, dest: Path, check: Sequence[conll.Sentence]) -> None:
    """Replace vocab/strings.json (every string seen in training, ~1.6 MB) by
    the strings a blank German pipeline has plus the entity labels: the
    model's features are hashes computed at run time, so predictions do not
    change. Verified on ``check``; raises SystemExit if they do."""
    import spacy

    full = spacy.load(src)
    labels = set(full.get_pipe("ner").labels)
    strings = set(spacy.blank(full.lang).vocab.strings) | labels
    (dest / "vocab" / "strings.json").write_text(json.dumps(sorted(strings)), encoding="utf-8")
    words = [s.words for s in check]
    if conll.predict_spans(full, words) != conll.predict_spans(spacy.load(dest), words):
        raise SystemExit("pruning vocab/strings.json changed the predictions; not exported")


def _score_table(evaluation: dict[str, Any]) -> str:
    rows = ["| type | P | R | F1 | gold mentions |", "|---|---|---|---|---|"]
    for label, s in [*evaluation["per_type"].items(), ("**overall**", evaluation["overall"])]:
        p, r, f = s["precision"], s["recall"], s["f1"]
        rows.append(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {s['support']} |")
    return "\n".join(rows)


DATA_TABLE = "\n".join(
    [
        "| data set | licence | what was used |",
        "|---|---|---|",
        "| GermEval 2014 NER, development split (`NER-de-dev.tsv`) | CC BY 4.0 "
        "| outer column; PER/ORG/LOC, OTH -> MISC, `*deriv` -> MISC, `*part` -> O; "
        "U+00AD removed |",
        "| MobIE v1_20210811, `train/dev/test.conll2003` | CC BY 4.0 "
        "| person -> PER; organization, organization-company -> ORG; "
        "location, location-* -> LOC; everything else O |",
        "| Europeana Newspapers NER corpora, German (`enp_DE.{lft,onb,sbb}.bio`) | CC0 1.0 "
        "| PER/ORG/LOC; label typos fixed, I-MISC -> O; trailing punctuation split off; "
        "split into sentences after . ! ? (max 60 tokens) |",
    ]
)


def training_md(
    stats: dict[str, Any], info: dict[str, Any], scores: dict[str, Any], size: int
) -> str:
    parts = stats["parts"]
    corpus_rows = ["| part | used as | sentences | tokens | entities |", "|---|---|---|---|---|"]
    for name, s in parts.items():
        role = {"germeval-dev": "dev (early stopping)", "germeval-test": "held-out test"}.get(
            name, "train"
        )
        if name == "germeval-train" and stats["germeval_repeat"] > 1:
            role = f"train (x{stats['germeval_repeat']})"
        ents = ", ".join(f"{k} {v}" for k, v in s["entities"].items())
        corpus_rows.append(f"| {name} | {role} | {s['sentences']:,} | {s['tokens']:,} | {ents} |")
    overrides = (
        ", ".join(f"`{k}={v}`" for k, v in info["overrides"].items() if k != "system.seed")
        or "none"
    )
    aug = (
        f", plus {stats['augment']} copies with mention replacement" if stats.get("augment") else ""
    )
    missing = (
        "; in MobIE and Europeana (which annotate no MISC) words that GermEval would "
        "call MISC (*deutsche*, *französischen*, *Berliner* ...) are marked as "
        "unannotated instead of O, so that GermEval alone teaches them"
        if stats.get("missing_misc")
        else ""
    )
    return f"""# de_newsflow_ner — how this model was made

A small spaCy 3.8 pipeline (`tok2vec` CNN + transition-based `ner`) for German,
labels PER, ORG, LOC, MISC. No pretrained word vectors. Size on disk:
{size / 1e6:.1f} MB. Trained by `deploy/models/train_de_ner.py` from the config
`deploy/models/de_ner.cfg` on the data copied under `deploy/models/data/`.

## Reproduce

```
{info["command"]}
```

(run from the repository root with the project's venv, e.g.
`nice -n 10 .venv/bin/python deploy/models/train_de_ner.py all`; spaCy 3.8.)
Training seed: {info["seed"]} (`system.seed`); GermEval split seed:
{stats["split_seed"]}. Other config overrides: {overrides}.
Training wall time: {info["wall_seconds"] / 60:.1f} min on 2 shared CPU cores.
Rerunning the command with the same seed on the same machine and spaCy
version should give the same model; other CPUs or BLAS builds may differ in
the last digits.

## Data

{DATA_TABLE}

Not used: WikiANN (licence not stated), any Newsflow gold file.
GermEval 2014's official train split was not available; its dev split was
divided by a seeded shuffle of sentence indices into 65 % train, 10 % dev
(early stopping) and 25 % held-out test, which was never trained on.

{chr(10).join(corpus_rows)}

Training data: GermEval train part x{stats["germeval_repeat"]}{aug}, plus
MobIE and Europeana{missing}.

Changes to the data: label mapping and clean-up as above; no text was altered
except the removal of soft hyphens (U+00AD) in GermEval, and in Europeana the
splitting of tokens that contain spaces and of trailing punctuation
(`müsse.` -> `müsse .`).

### Citations

- Darina Benikova, Chris Biemann, Marc Reznicek. *NoSta-D Named Entity
  Annotation for German: Guidelines and Dataset.* LREC 2014.
- Darina Benikova, Chris Biemann, Max Kisselew, Sebastian Padó. *GermEval 2014
  Named Entity Recognition Shared Task: Companion Paper.* KONVENS 2014.
- Leonhard Hennig, Phuc Tran Truong, Aleksandra Gabryszak. *MobIE: A German
  Dataset for Named Entity Recognition, Entity Linking and Relation Extraction
  in the Mobility Domain.* KONVENS 2021.
- Clemens Neudecker. *An Open Corpus for Named Entity Recognition in Historic
  Newspapers.* LREC 2016. "Europeana Newspapers NER corpora, Europeana
  Newspapers Project, 2012-2015."

## Scores

Mention-level, exact match (start, end and type), on the held-out GermEval
2014 test part ({parts["germeval-test"]["sentences"]} sentences), gold tokens
(`pipeline.extraction.conll.predict_spans`). Measured with
`python deploy/models/train_de_ner.py evaluate --model {{this directory}}`.

{_score_table(scores["test"])}

Dev part (used for early stopping, so optimistic):
overall P {scores["dev"]["overall"]["precision"]:.3f}, R {scores["dev"]["overall"]["recall"]:.3f},
F1 {scores["dev"]["overall"]["f1"]:.3f}.

For orientation, published GermEval 2014 results (official test set, trained
on the 24,000-sentence train split): CNN from scratch about 0.56 F1, Flair
0.85, German BERT 0.88. This model saw {parts["germeval-train"]["sentences"]:,} GermEval
sentences. Speed in the evaluate step: {scores["test_words_per_second"]:,} words/s
(pre-tokenised sentences, tok2vec + ner, one process on a shared 2-core machine).
"""


# ---------------------------------------------------------------- CLI


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="train_de_ner.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("step", choices=["convert", "train", "evaluate", "export", "all", "nouns"])
    parser.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA, help="corpora (default: %(default)s)"
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=DEFAULT_WORK,
        help="DocBins, training output, scores (default: %(default)s)",
    )
    parser.add_argument(
        "--config", type=Path, default=DEFAULT_CONFIG, help="spaCy config (default: %(default)s)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_MODEL,
        help="where export puts the model (default: %(default)s)",
    )
    parser.add_argument(
        "--model", type=Path, help="evaluate this model directory instead of the work dir's"
    )
    parser.add_argument(
        "--seed", type=int, default=TRAIN_SEED, help="training seed (default: %(default)s)"
    )
    parser.add_argument(
        "--split-seed",
        type=int,
        default=SPLIT_SEED,
        help="seed of the GermEval train/dev/test split (default: %(default)s)",
    )
    parser.add_argument(
        "--germeval-repeat",
        type=int,
        default=4,
        help="copies of the GermEval train part in the training data (default: %(default)s)",
    )
    parser.add_argument(
        "--augment",
        type=int,
        default=0,
        help="mention-replaced copies of the GermEval train part to add (default: %(default)s)",
    )
    parser.add_argument(
        "--no-europeana", action="store_true", help="leave out the Europeana OCR data"
    )
    parser.add_argument("--no-mobie", action="store_true", help="leave out MobIE")
    parser.add_argument(
        "--no-missing-misc",
        action="store_true",
        help="keep O (instead of 'unknown') on MISC-like words in MobIE and Europeana",
    )
    parser.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="spaCy config override, e.g. --set training.max_epochs=10 (repeatable)",
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    args.work_dir = args.work_dir.resolve()
    steps = {
        "convert": [cmd_convert],
        "train": [cmd_train],
        "evaluate": [cmd_evaluate],
        "export": [cmd_export],
        "all": [cmd_convert, cmd_train, cmd_evaluate, cmd_export],
        "nouns": [cmd_nouns],
    }[args.step]
    for step in steps:
        step(args)


if __name__ == "__main__":
    main()
