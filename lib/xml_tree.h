/* A minimal element tree read with expat (Genius files are small): element
 * names, attributes and positions only; text and comments are dropped. */
#ifndef WW_XML_TREE_H
#define WW_XML_TREE_H

#include "files_internal.h"

typedef struct ww_xnode {
    char *name;
    char **attrs;                /* name, value, ..., NULL */
    int line, column;            /* 1-based, of the start tag */
    struct ww_xnode *parent, *child, *last, *next;
} ww_xnode;

/* Parses a file; on failure returns the status with err filled (file,
 * line, column of the syntax error). */
ww_status ww__xml_read(const char *path, ww_xnode **root, ww_error *err);
void ww__xml_free(ww_xnode *root);

/* The attribute's value, or NULL. */
const char *ww__xml_attr(const ww_xnode *n, const char *name);

#endif
