/* xml_tree.c — element tree built with expat (see xml_tree.h). */
#include "xml_tree.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
    XML_Parser p;
    ww_xnode *root, *cur;
    int nomem;
    int depth, too_deep;     /* Genius files nest about 6 deep */
    int deep_line, deep_column;
} builder;

/* Deeper nesting is rejected: it has no meaning in Genius XML, and the tree
 * is freed recursively. */
#define WW_XML_MAX_DEPTH 256

static void on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    builder *b = data;
    if (++b->depth > WW_XML_MAX_DEPTH) {
        b->too_deep = 1;
        b->deep_line = (int)XML_GetCurrentLineNumber(b->p);
        b->deep_column = (int)XML_GetCurrentColumnNumber(b->p) + 1;
        XML_StopParser(b->p, XML_FALSE);
        return;
    }
    ww_xnode *n = calloc(1, sizeof *n);
    size_t na = 0;
    while (atts[na])
        na++;
    if (n) {
        n->name = ww__strdup(name);
        n->attrs = calloc(na + 1, sizeof *n->attrs);
    }
    int ok = n && n->name && n->attrs;
    for (size_t i = 0; ok && i < na; i++)
        ok = (n->attrs[i] = ww__strdup(atts[i])) != NULL;
    if (!ok) {
        ww__xml_free(n);
        b->nomem = 1;
        XML_StopParser(b->p, XML_FALSE);
        return;
    }
    n->line = (int)XML_GetCurrentLineNumber(b->p);
    n->column = (int)XML_GetCurrentColumnNumber(b->p) + 1;
    n->parent = b->cur;
    if (!b->cur) {
        b->root = n;
    } else {
        if (b->cur->last)
            b->cur->last->next = n;
        else
            b->cur->child = n;
        b->cur->last = n;
    }
    b->cur = n;
}

static void on_end(void *data, const XML_Char *name)
{
    (void)name;
    builder *b = data;
    b->depth--;
    if (b->cur)
        b->cur = b->cur->parent;
}

ww_status ww__xml_read(const char *path, ww_xnode **root, ww_error *err)
{
    *root = NULL;
    char *text;
    size_t len;
    ww_status st = ww__read_file(path, &text, &len, err);
    if (st)
        return st;
    builder b = {0};
    /* expat allocates through the C library's functions as named here,
     * like the rest of winwin (the out-of-memory tests wrap them) */
    static const XML_Memory_Handling_Suite mem = {malloc, realloc, free};
    b.p = XML_ParserCreate_MM(NULL, &mem, NULL);
    if (!b.p) {
        free(text);
        return ww__file_error(err, WW_NOMEM, path, 0, 0, NULL,
                              "out of memory");
    }
    XML_SetUserData(b.p, &b);
    XML_SetElementHandler(b.p, on_start, on_end);
    if (len > (size_t)0x7fffffff) {
        st = ww__file_error(err, WW_TOO_LARGE, path, 0, 0, NULL,
                            "file too large");
    } else if (XML_Parse(b.p, text, (int)len, XML_TRUE) != XML_STATUS_OK) {
        if (b.nomem || XML_GetErrorCode(b.p) == XML_ERROR_NO_MEMORY)
            st = ww__file_error(err, WW_NOMEM, path, 0, 0, NULL,
                                "out of memory");
        else if (b.too_deep)
            st = ww__file_error(err, WW_TOO_LARGE, path, b.deep_line,
                                b.deep_column, NULL,
                                "elements nested deeper than %d",
                                WW_XML_MAX_DEPTH);
        else
            st = ww__file_error(
                err, WW_PARSE_ERROR, path,
                (int)XML_GetCurrentLineNumber(b.p),
                (int)XML_GetCurrentColumnNumber(b.p) + 1, NULL,
                "malformed XML: %s", XML_ErrorString(XML_GetErrorCode(b.p)));
    } else if (!b.root) {
        st = ww__file_error(err, WW_PARSE_ERROR, path, 0, 0, NULL,
                            "no XML element");
    }
    XML_ParserFree(b.p);
    free(text);
    if (st) {
        ww__xml_free(b.root);
        return st;
    }
    *root = b.root;
    return WW_OK;
}

void ww__xml_free(ww_xnode *n)
{
    while (n) {
        ww_xnode *next = n->next;
        ww__xml_free(n->child);
        if (n->attrs)
            for (char **a = n->attrs; *a; a++)
                free(*a);
        free(n->attrs);
        free(n->name);
        free(n);
        n = next;
    }
}

const char *ww__xml_attr(const ww_xnode *n, const char *name)
{
    for (char **a = n->attrs; a && a[0] && a[1]; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}
