/* json_locate.c — line:column of a JSON path in raw text (errors only).
 * The text was already accepted by jansson, so this scanner can be lenient;
 * it never reads past len. */
#include "json_locate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scan {
    const char *s;
    size_t n, i;
} scan;

static void ws(scan *sc)
{
    while (sc->i < sc->n && strchr(" \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
}

static int peek(scan *sc) { return sc->i < sc->n ? (unsigned char)sc->s[sc->i] : -1; }

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
    }
    return v;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reads a string at sc->i (on the quote); decodes into out (may be NULL,
 * needs as many bytes as the raw string) and returns 0 on bad input. */
static int string(scan *sc, char *out, size_t *outlen)
{
    size_t o = 0;
    if (peek(sc) != '"')
        return 0;
    sc->i++;
    while (sc->i < sc->n) {
        char c = sc->s[sc->i++];
        if (c == '"') {
            if (outlen)
                *outlen = o;
            return 1;
        }
        if (c != '\\') {
            if (out)
                out[o] = c;
            o++;
            continue;
        }
        if (sc->i >= sc->n)
            return 0;
        char e = sc->s[sc->i++];
        char d = e;
        switch (e) {
        case 'b': d = '\b'; break;
        case 'f': d = '\f'; break;
        case 'n': d = '\n'; break;
        case 'r': d = '\r'; break;
        case 't': d = '\t'; break;
        case 'u': {
            if (sc->i + 4 > sc->n)
                return 0;
            unsigned cp = hex4(sc->s + sc->i);
            sc->i += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && sc->i + 6 <= sc->n &&
                sc->s[sc->i] == '\\' && sc->s[sc->i + 1] == 'u') {
                unsigned lo = hex4(sc->s + sc->i + 2);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    sc->i += 6;
                }
            }
            char tmp[4];
            size_t k = put_utf8(tmp, cp);
            if (out)
                memcpy(out + o, tmp, k);
            o += k;
            continue;
        }
        default: break;
        }
        if (out)
            out[o] = d;
        o++;
    }
    return 0;
}

/* Before parsing (json_load.c): the nesting and the strings' bytes as
 * jansson decodes them, through string() above. */
size_t ww__json_text_scan(const char *text, size_t len, int nest_max,
                          size_t *deep)
{
    scan sc = {text, len, 0};
    size_t bytes = 0;
    int depth = 0;
    *deep = len;
    while (sc.i < len) {
        char c = text[sc.i];
        if (c == '"') {
            size_t k = 0;
            if (!string(&sc, NULL, &k))
                break; /* unterminated: jansson refuses the text */
            bytes += k;
            continue;
        }
        if (c == '[' || c == '{') {
            if (++depth > nest_max && *deep == len)
                *deep = sc.i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
        sc.i++;
    }
    return bytes;
}

static int value(scan *sc, int depth);

static int skip_container(scan *sc, char close, int depth)
{
    sc->i++;
    ws(sc);
    if (peek(sc) == close) {
        sc->i++;
        return 1;
    }
    for (;;) {
        ws(sc);
        if (close == '}') {
            if (!string(sc, NULL, NULL))
                return 0;
            ws(sc);
            if (peek(sc) != ':')
                return 0;
            sc->i++;
            ws(sc);
        }
        if (!value(sc, depth + 1))
            return 0;
        ws(sc);
        int c = peek(sc);
        sc->i++;
        if (c == close)
            return 1;
        if (c != ',')
            return 0;
    }
}

/* Skips one value. */
static int value(scan *sc, int depth)
{
    if (depth > 4096)
        return 0;
    ws(sc);
    int c = peek(sc);
    if (c == '"')
        return string(sc, NULL, NULL);
    if (c == '{')
        return skip_container(sc, '}', depth);
    if (c == '[')
        return skip_container(sc, ']', depth);
    if (c < 0)
        return 0;
    while (sc->i < sc->n && !strchr(",]} \t\r\n", sc->s[sc->i]))
        sc->i++;
    return 1;
}

/* Skips a member's value and the ',' after it; 0 when there is no next
 * member (or the text is malformed). */
static int next_item(scan *sc)
{
    if (!value(sc, 0))
        return 0;
    ws(sc);
    if (peek(sc) != ',')
        return 0;
    sc->i++;
    return 1;
}

/* In the object at sc->i, moves to the value of key (sets *keypos to the
 * key's quote). */
static int find_key(scan *sc, const char *key, size_t *keypos)
{
    size_t klen = strlen(key);
    if (peek(sc) != '{')
        return 0;
    sc->i++;
    for (;;) {
        ws(sc);
        if (peek(sc) != '"')
            return 0;
        size_t start = sc->i;
        size_t rawlen = 0;
        {
            scan probe = *sc;
            if (!string(&probe, NULL, &rawlen))
                return 0;
        }
        char *buf = malloc(rawlen + 1);
        if (!buf)
            return 0;
        size_t dlen = 0;
        string(sc, buf, &dlen);
        int match = dlen == klen && memcmp(buf, key, klen) == 0;
        free(buf);
        ws(sc);
        if (peek(sc) != ':')
            return 0;
        sc->i++;
        ws(sc);
        if (match) {
            *keypos = start;
            return 1;
        }
        if (!next_item(sc))
            return 0;
    }
}

static int find_index(scan *sc, long index)
{
    if (peek(sc) != '[')
        return 0;
    sc->i++;
    for (long k = 0;; k++) {
        ws(sc);
        if (peek(sc) == ']')
            return 0;
        if (k == index)
            return 1;
        if (!next_item(sc))
            return 0;
    }
}

void ww__json_position(const char *s, size_t upto, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < upto; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

int ww__json_locate(const char *text, size_t len, const ww_json_seg *path,
                    int n, int at_key, int *line, int *column)
{
    scan sc = {text, len, 0};
    size_t at = 0;
    int found = 1;
    ws(&sc);
    at = sc.i;
    for (int k = 0; k < n; k++) {
        size_t keypos = sc.i;
        int ok = path[k].key ? find_key(&sc, path[k].key, &keypos)
                             : find_index(&sc, path[k].index);
        if (!ok) {
            found = 0;
            break;
        }
        ws(&sc);
        at = (at_key && k == n - 1 && path[k].key) ? keypos : sc.i;
    }
    ww__json_position(text, at <= len ? at : len, line, column);
    return found;
}

static int plain_key(const char *k)
{
    if (!*k || !((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') ||
                 *k == '_'))
        return 0;
    for (; *k; k++)
        if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') ||
              (*k >= '0' && *k <= '9') || *k == '_' || *k == '-'))
            return 0;
    return 1;
}

void ww__json_path_str(const ww_json_seg *path, int n, char *buf,
                       size_t size)
{
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (int k = 0; k < n && used < size; k++) {
        int w;
        if (!path[k].key)
            w = snprintf(buf + used, size - used, "[%ld]", path[k].index);
        else if (plain_key(path[k].key))
            w = snprintf(buf + used, size - used, "%s%s", k ? "." : "",
                         path[k].key);
        else {
            /* ["..."] with quotes and backslashes escaped */
            char esc[200];
            size_t e = 0;
            for (const char *p = path[k].key; *p && e + 3 < sizeof esc; p++) {
                if (*p == '"' || *p == '\\')
                    esc[e++] = '\\';
                esc[e++] = *p;
            }
            esc[e] = '\0';
            w = snprintf(buf + used, size - used, "[\"%s\"]", esc);
        }
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= size)
        buf[size - 1] = '\0';
}

/* ------------------------------------------------------------------ */
/* The reverse: the path at an offset of possibly malformed text.      */

typedef struct pframe {
    char close;    /* '}' or ']' */
    long index;    /* arrays: the element being read */
    size_t base;   /* objects: where the current key starts in the arena */
    int has_key;
} pframe;

enum pstate { P_VALUE, P_AFTER_VALUE, P_KEY, P_AFTER_KEY };

/* One of true, false, null or a JSON number, exactly. */
static int valid_scalar(const char *p, size_t n)
{
    if ((n == 4 && !memcmp(p, "true", 4)) ||
        (n == 5 && !memcmp(p, "false", 5)) ||
        (n == 4 && !memcmp(p, "null", 4)))
        return 1;
    size_t i = 0;
#define DIGITS(min)                                                        \
    do {                                                                   \
        size_t d0 = i;                                                     \
        while (i < n && p[i] >= '0' && p[i] <= '9')                        \
            i++;                                                           \
        if (i - d0 < (min))                                                \
            return 0;                                                      \
    } while (0)
    if (i < n && p[i] == '-')
        i++;
    if (i < n && p[i] == '0')
        i++;
    else
        DIGITS(1);
    if (i < n && p[i] == '.') {
        i++;
        DIGITS(1);
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < n && (p[i] == '+' || p[i] == '-'))
            i++;
        DIGITS(1);
    }
#undef DIGITS
    return i == n;
}

int ww__json_path_at(const char *text, size_t len, size_t upto, char *buf,
                     size_t size)
{
    if (size)
        buf[0] = '\0';
    if (upto > len)
        upto = len;
    char *arena = malloc(len + 1); /* decoded keys fit in the raw text */
    pframe *fr = NULL;
    size_t depth = 0, cap = 0;
    enum pstate st = P_VALUE;
    int first = 0; /* just after '[' or '{': a close is allowed */
    int result = -1;
    if (!arena)
        return -1;
    scan sc = {text, len, 0};
    for (;;) {
        ws(&sc);
        if (sc.i >= upto)
            break;
        char c = text[sc.i];
        pframe *top = depth ? &fr[depth - 1] : NULL;
        if (st == P_VALUE || st == P_KEY) {
            if (first && top && c == top->close) {
                depth--;
                sc.i++;
                st = P_AFTER_VALUE;
                first = 0;
                continue;
            }
        }
        if (st == P_VALUE) {
            if (c == '{' || c == '[') {
                if (depth == cap) {
                    size_t ncap = cap ? cap * 2 : 16;
                    pframe *nf = realloc(fr, ncap * sizeof *nf);
                    if (!nf)
                        goto out;
                    fr = nf;
                    cap = ncap;
                    top = depth ? &fr[depth - 1] : NULL;
                }
                size_t base = 0;
                if (top)
                    base = top->base +
                           (top->has_key ? strlen(arena + top->base) + 1 : 0);
                fr[depth++] = (pframe){c == '{' ? '}' : ']', 0, base, 0};
                sc.i++;
                st = c == '{' ? P_KEY : P_VALUE;
                first = 1;
                continue;
            }
            scan probe = sc;
            if (c == '"') {
                if (!string(&probe, NULL, NULL) || probe.i > upto)
                    break; /* inside this string */
            } else {
                while (probe.i < len &&
                       strchr("+-.0123456789abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                              text[probe.i]) &&
                       text[probe.i])
                    probe.i++;
                if (probe.i == sc.i || probe.i > upto ||
                    !valid_scalar(text + sc.i, probe.i - sc.i))
                    break; /* a bad token, or inside this one */
            }
            sc.i = probe.i;
            st = P_AFTER_VALUE;
            first = 0;
        } else if (st == P_AFTER_VALUE) {
            if (!top)
                break; /* more after the document */
            if (c == top->close) {
                depth--;
                sc.i++;
                continue;
            }
            if (c != ',')
                break;
            sc.i++;
            if (top->close == ']') {
                top->index++;
                st = P_VALUE;
            } else {
                st = P_KEY;
            }
        } else if (st == P_KEY) {
            scan probe = sc;
            if (c != '"' || !string(&probe, NULL, NULL) || probe.i > upto)
                break;
            size_t klen = 0;
            string(&sc, arena + top->base, &klen);
            arena[top->base + klen] = '\0';
            top->has_key = 1;
            st = P_AFTER_KEY;
            first = 0;
        } else { /* P_AFTER_KEY */
            if (c != ':')
                break;
            sc.i++;
            st = P_VALUE;
        }
    }
    /* Between members (or expecting a key) the path is the container's. */
    size_t n = depth;
    if (n && (st == P_AFTER_VALUE || st == P_KEY))
        n--;
    ww_json_seg *segs = malloc((n ? n : 1) * sizeof *segs);
    if (!segs)
        goto out;
    for (size_t k = 0; k < n; k++) {
        segs[k].key = fr[k].close == '}' ? arena + fr[k].base : NULL;
        segs[k].index = fr[k].index;
    }
    ww__json_path_str(segs, (int)n, buf, size);
    free(segs);
    result = (int)n;
out:
    free(fr);
    free(arena);
    return result;
}
