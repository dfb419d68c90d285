/* Aligned text tables: collect cells, then print with computed widths; or,
 * for tables of millions of rows, measure the rows in a first pass and
 * print them in a second, without keeping them. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct row {
    char **cells; /* NULL row = separator rule */
    int used;
} row;

struct cli_table {
    int ncols;
    int *right;
    int *width; /* of the rows measured so far */
    row *rows;
    int nrows, cap;
};

cli_table *cli_table_new(int ncols)
{
    cli_table *t = cli_xmalloc(sizeof *t);
    t->ncols = ncols;
    t->right = cli_xmalloc(sizeof(int) * (size_t)ncols);
    t->width = cli_xmalloc(sizeof(int) * (size_t)ncols);
    return t;
}

void cli_table_measure(cli_table *t, const char *const *cells, int n)
{
    for (int c = 0; c < n && c < t->ncols; c++) {
        int cw = cli_width(cells[c]);
        if (cw > t->width[c])
            t->width[c] = cw;
    }
}

void cli_table_print_cells(const cli_table *t, const char *const *cells,
                           int n, FILE *out, int indent)
{
    fprintf(out, "%*s", indent, "");
    /* Trailing empty cells print nothing, so lines end without blanks. */
    int last = (n < t->ncols ? n : t->ncols) - 1;
    while (last >= 0 && !cells[last][0])
        last--;
    for (int c = 0; c <= last; c++) {
        const char *s = cells[c];
        int pad = t->width[c] - cli_width(s);
        if (c)
            fputs("  ", out);
        if (t->right[c])
            fprintf(out, "%*s%s", pad, "", s);
        else if (c == last)
            fputs(s, out);
        else
            fprintf(out, "%s%*s", s, pad, "");
    }
    fputc('\n', out);
}

void cli_table_right(cli_table *t, int col)
{
    if (col >= 0 && col < t->ncols)
        t->right[col] = 1;
}

static row *add_row(cli_table *t)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 8;
        row *r = realloc(t->rows, sizeof(row) * (size_t)t->cap);
        if (!r) {
            cli_error("out of memory");
            exit(CLI_EXIT_INVALID);
        }
        t->rows = r;
    }
    row *r = &t->rows[t->nrows++];
    r->cells = NULL;
    r->used = 0;
    return r;
}

void cli_table_row(cli_table *t)
{
    row *r = add_row(t);
    r->cells = cli_xmalloc(sizeof(char *) * (size_t)t->ncols);
}

void cli_table_rule(cli_table *t)
{
    add_row(t);
}

void cli_table_cell(cli_table *t, const char *fmt, ...)
{
    if (!t->nrows || !t->rows[t->nrows - 1].cells)
        cli_table_row(t);
    row *r = &t->rows[t->nrows - 1];
    if (r->used >= t->ncols)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = cli_xmalloc((size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    r->cells[r->used++] = s;
}

void cli_table_print(cli_table *t, FILE *out, int indent)
{
    int total = 0;
    for (int i = 0; i < t->nrows; i++)
        if (t->rows[i].cells)
            cli_table_measure(t, (const char *const *)t->rows[i].cells,
                              t->rows[i].used);
    for (int c = 0; c < t->ncols; c++)
        total += t->width[c] + (c ? 2 : 0);
    for (int i = 0; i < t->nrows; i++) {
        if (!t->rows[i].cells) {
            fprintf(out, "%*s", indent, "");
            for (int k = 0; k < total; k++)
                fputc('-', out);
            fputc('\n', out);
            continue;
        }
        cli_table_print_cells(t, (const char *const *)t->rows[i].cells,
                              t->rows[i].used, out, indent);
    }
}

void cli_table_free(cli_table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nrows; i++) {
        if (!t->rows[i].cells)
            continue;
        for (int c = 0; c < t->rows[i].used; c++)
            free(t->rows[i].cells[c]);
        free(t->rows[i].cells);
    }
    free(t->rows);
    free(t->right);
    free(t->width);
    free(t);
}
