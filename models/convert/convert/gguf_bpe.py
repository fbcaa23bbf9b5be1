"""A small, slow, pure-Python byte-level BPE over a GGUF's own vocabulary and merges, written from
llama.cpp's tokenizer (llama-vocab.cpp, `llm_tokenizer_bpe`) for the "smollm" pre-tokenizer: the
numerics check's reference for the tokenizer.json the converter writes.

Shares nothing with llama_tokenizer.py or the `tokenizers` library:
1. special (control) tokens in the text are matched first and kept whole, longest first, as
   llama.cpp does with parse_special;
2. llama.cpp's regex list for "smollm" runs in order, each regex splitting the pieces the previous
   one left (matches and the text between them alike): `\\p{N}` (each digit alone), then GPT-2's
   `'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+`, hand-scanned
   here with unicodedata's categories (Python's `re` has no \\p{L});
3. each piece's UTF-8 bytes map to GPT-2's printable characters and merge by rank, lowest first,
   leftmost first among equals.
"""

import unicodedata

_CONTRACTIONS = ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d")


def _bytes_to_unicode():
    printable = [*range(ord('!'), ord('~') + 1), *range(ord('¡'), ord('¬') + 1), *range(ord('®'), ord('ÿ') + 1)]
    extra = 0
    table = {}
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


BYTE_CHARS = _bytes_to_unicode()


def is_letter(c):
    return unicodedata.category(c).startswith('L')


def is_number(c):
    return unicodedata.category(c).startswith('N')


def is_space(c):
    # Unicode White_Space (what \s means to the regex engines involved), not str.isspace(), which
    # also counts the separators U+001C..U+001F.
    return c.isspace() and c not in '\x1c\x1d\x1e\x1f'


def _split_numbers(text):
    """`\\p{N}`: every number character alone, the text between them kept."""
    pieces, start = [], 0
    for i, c in enumerate(text):
        if is_number(c):
            if start < i:
                pieces.append(text[start:i])
            pieces.append(c)
            start = i + 1
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _run(text, i, test):
    while i < len(text) and test(text[i]):
        i += 1
    return i


def _other(c):
    return not is_space(c) and not is_letter(c) and not is_number(c)


def _split_gpt2(text):
    """GPT-2's pattern, alternative by alternative, as a backtracking regex engine tries them."""
    pieces, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        contraction = next((s for s in _CONTRACTIONS if text.startswith(s, i)), None)
        if contraction:
            end = i + len(contraction)
        else:
            start = i + 1 if c == ' ' and i + 1 < n else i  # the optional leading space
            first = text[start]
            if start > i and is_space(first):
                start, first = i, c  # " " followed by whitespace: not a " ?X+" match
            if is_letter(first):
                end = _run(text, start, is_letter)
            elif is_number(first):
                end = _run(text, start, is_number)
            elif _other(first):
                end = _run(text, start, _other)
            else:  # whitespace: \s+(?!\S) leaves the last one for the next word, else \s+
                end = _run(text, i, is_space)
                if end < n and end - i > 1:
                    end -= 1
        pieces.append(text[i:end])
        i = end
    return pieces


class GgufBpe:
    def __init__(self, tokens, merges, specials):
        self.ids = {t: i for i, t in enumerate(tokens)}
        self.ranks = {tuple(m.split(' ')): r for r, m in enumerate(merges)}
        self.specials = sorted(specials, key=len, reverse=True)

    def _bpe(self, piece):
        parts = [BYTE_CHARS[b] for b in piece.encode('utf-8')]
        while len(parts) > 1:
            ranked = [(self.ranks.get((a, b), float('inf')), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            rank, i = min(ranked)
            if rank == float('inf'):
                break
            parts[i:i + 2] = [parts[i] + parts[i + 1]]
        return [self.ids[p] for p in parts]

    def _special_split(self, text):
        """[(text, is_special)]: control tokens found in the text, longest first."""
        out, i, plain = [], 0, 0
        while i < len(text):
            hit = next((s for s in self.specials if text.startswith(s, i)), None)
            if hit:
                if plain < i:
                    out.append((text[plain:i], False))
                out.append((hit, True))
                i = plain = i + len(hit)
            else:
                i += 1
        if plain < len(text):
            out.append((text[plain:], False))
        return out

    def encode(self, text):
        ids = []
        for part, special in self._special_split(text):
            if special:
                ids.append(self.ids[part])
                continue
            for chunk in _split_numbers(part):
                for piece in _split_gpt2(chunk):
                    ids.extend(self._bpe(piece))
        return ids
