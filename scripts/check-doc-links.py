#!/usr/bin/env python3
"""Checks that every relative markdown link in README.md and docs/*.md resolves.

    python3 scripts/check-doc-links.py          (from the repository root; exit 0 when all resolve)

A link `[text](path)` must name a file or folder that exists (relative to the page), and `[text](path#anchor)` or
`[text](#anchor)` a heading of that markdown page by GitHub's anchor rule: the heading's text (inline code and links
reduced to their text, emphasis dropped) in lower case, every character that is not a letter, digit, space, `-` or
`_` dropped, spaces turned into `-`; a repeated heading gets `-1`, `-2`, ... in order. `<a id="...">` / `<a
name="...">` count as anchors too. Links to http(s), mailto and other schemes, and anything inside code (fenced
blocks and `inline code`), are not checked. Prints one line per broken link (file:line: target: why) and a count.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|!\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")


def text_of_heading(title: str) -> str:
    title = re.sub(r"`([^`]*)`", r"\1", title)                  # inline code: its text
    title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)     # links and images: their text
    title = re.sub(r"<[^>]+>", "", title)                       # inline HTML tags
    title = title.replace("**", "").replace("*", "")            # emphasis
    return title.strip()


def slug(title: str) -> str:
    text = text_of_heading(title).lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(path: pathlib.Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    in_fence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if heading:
            base = slug(heading.group(2))
            n = seen.get(base, 0)
            found.add(base if n == 0 else f"{base}-{n}")
            seen[base] = n + 1
        for m in re.finditer(r"<a\s+(?:id|name)=\"([^\"]+)\"", line):
            found.add(m.group(1))
    return found


def links(path: pathlib.Path):
    in_fence = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for m in LINK.finditer(INLINE_CODE.sub("", line)):
            yield number, m.group(1) or m.group(2)


def main() -> int:
    pages = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
    cache: dict[pathlib.Path, set[str]] = {}
    broken = checked = 0
    for page in pages:
        for number, target in links(page):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                continue                                       # http:, https:, mailto:, ...
            checked += 1
            file_part, _, anchor = target.partition("#")
            dest = (page.parent / file_part).resolve() if file_part else page
            why = None
            if not dest.exists():
                why = "no such file"
            elif anchor:
                if dest.suffix != ".md":
                    why = "anchor into a file that is not markdown"
                else:
                    if dest not in cache:
                        cache[dest] = anchors(dest)
                    if anchor not in cache[dest]:
                        why = "no such heading"
            if why:
                broken += 1
                print(f"{page.relative_to(ROOT)}:{number}: {target}: {why}")
    print(f"{checked} relative links checked in {len(pages)} pages, {broken} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
