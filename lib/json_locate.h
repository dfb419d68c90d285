/* Positions inside raw JSON text, computed only when reporting an error
 * (jansson keeps no positions for values it accepted). */
#ifndef WW_JSON_LOCATE_H
#define WW_JSON_LOCATE_H

#include <stddef.h>

#define WW_JSON_MAX_DEPTH 16

/* One step of a JSON path: an object key, or (key NULL) an array index. */
typedef struct ww_json_seg {
    const char *key;
    long index;
} ww_json_seg;

/* Walks text along the path and sets the 1-based line and column (counted
 * in characters, as jansson does) of the value it leads to, or of the last
 * key itself when at_key.  Returns 1 when found; else 0 and the position of
 * the deepest value reached. */
int ww__json_locate(const char *text, size_t len, const ww_json_seg *path,
                    int n, int at_key, int *line, int *column);

/* 1-based line and column (in characters) of byte offset upto. */
void ww__json_position(const char *text, size_t upto, int *line,
                       int *column);

/* The path of the value being parsed at byte offset upto of text, which
 * may be malformed JSON (scanning also stops at the first syntax error it
 * finds itself): inside a value, or expecting one after a key or in an
 * array, the path of that value; between members, of the container.
 * Writes it as text to buf ("" at the top level) and returns its number of
 * segments, or -1 (buf "") when it cannot be determined. */
int ww__json_path_at(const char *text, size_t len, size_t upto, char *buf,
                     size_t size);

/* One pass over raw text, strings skipped as they decode: *deep the offset
 * of the first '[' or '{' nested deeper than nest_max (len when none), and
 * returned the bytes all strings (keys and values) decode to, escapes and
 * surrogate pairs as jansson decodes them (text jansson refuses may count
 * wrong; it is refused anyway). */
size_t ww__json_text_scan(const char *text, size_t len, int nest_max,
                          size_t *deep);

/* The path as text: terms[1].levels[2].seller, when["unit price"]. */
void ww__json_path_str(const ww_json_seg *path, int n, char *buf,
                       size_t size);

#endif
