"""`python -m modules translations`: how complete each language is, and the files a translator fills in.

The report gives, per language, the share of the course's strings translated and current, then each
missing string at the source's `path:line` and each stale one at the translation's `path:line` (with the
fingerprint to write once it is updated). `--add LANG` writes every missing string into that language's
files, mirroring the source's layout, as an empty `text` under the source text in comments."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from modules.content.catalogue import TRANSLATIONS_FOLDER, Catalogue
from modules.content.registry import Registry
from modules.content.translatable import SourceText, source_texts
from modules.content.translations import LANGUAGE_FOLDER, Status, status, translations_of
from modules.paths import PROJECT_ROOT, display_path


def statuses(registry: Registry, languages: Iterable[str] = ()) -> list[Status]:
    """Each language of the course (and each one asked for, even with no files yet), against today's source."""
    sources = source_texts(registry)
    catalogues = translations_of(registry).catalogues
    wanted = sorted(set(catalogues) | set(languages))
    return [status(catalogues.get(lang, Catalogue(lang)), sources) for lang in wanted]


def report_lines(found: list[Status], summary_only: bool = False) -> list[str]:
    lines = []
    for st in found:
        lines.append(
            f"{st.language}: {st.share:.1%} translated ({st.translated} of {st.total} strings); "
            f"{len(st.missing)} missing, {len(st.stale)} stale"
        )
        if summary_only:
            continue
        for source in st.missing:
            lines.append(f"{source.path}:{source.line}: {st.language} missing: {source.key}")
        for entry, source in st.stale:
            lines.append(
                f"{entry.path}:{entry.line}: {st.language} stale: {entry.key} (the source changed at "
                f"{source.path}:{source.line}; update the text, then its source to {source.fingerprint})"
            )
    return lines


def _source_file(source: SourceText) -> Path:
    path = Path(source.path)
    return path if path.is_absolute() else PROJECT_ROOT / path


def _mirror(file: Path, roots: list[Path]) -> Path:
    """Where a source file's translation goes inside translations/<lang>/: the same path as in the first
    content folder; a file of another folder (quizzes/) under that folder's name."""
    for i, root in enumerate(roots):
        try:
            relative = file.resolve().relative_to(root.resolve())
        except ValueError:
            continue
        return relative if i == 0 else Path(root.name) / relative
    return Path(file.name)


def add_missing(registry: Registry, language: str, roots: list[Path]) -> list[Path]:
    """Append each missing string of `language` to its mirrored translation file (made if needed), the
    source text above it as comments and `text: ""` to fill in. Returns the files written."""
    if not LANGUAGE_FOLDER.match(language):
        raise ValueError(f"'{language}' is not a language code such as fr, es or pt-br")
    if not roots:
        raise ValueError("no content folder to write into")
    found = next(s for s in statuses(registry, [language]) if s.language == language)
    base = roots[0] / TRANSLATIONS_FOLDER / language
    by_file: dict[Path, list[SourceText]] = {}
    for source in found.missing:
        if source.key in translations_of(registry).catalogues.get(language, Catalogue(language)).entries:
            continue  # an entry is there with an empty text: the translator has it already
        by_file.setdefault(base / _mirror(_source_file(source), roots), []).append(source)
    written = []
    for target, sources in sorted(by_file.items()):
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = not target.exists() or not target.read_text(encoding="utf-8").strip()
        with target.open("a", encoding="utf-8") as out:
            if fresh:
                out.write(f"# {language}: translation of {display_path(_source_file(sources[0]))}\n")
                out.write("# Fill in each text; keep the keys and the source fingerprints (docs/authoring.md).\n")
            for source in sources:
                out.write("\n")
                for line in source.text.splitlines() or [""]:
                    out.write(f"# {line}".rstrip() + "\n")
                out.write(f'{source.key}:\n  text: ""\n  source: "{source.fingerprint}"\n')
        written.append(target)
    return written
