/* Aligned text tables: collect cells, then print with computed widths. */
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
    row *rows;
    int nrows, cap;
};

cli_table *cli_table_new(int ncols)
{
    cli_table *t = cli_xmalloc(sizeof *t);
    t->ncols = ncols;
    t->right = cli_xmalloc(sizeof(int) * (size_t)ncols);
    return t;
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
    int *w = cli_xmalloc(sizeof(int) * (size_t)t->ncols);
    int total = 0;
    for (int i = 0; i < t->nrows; i++)
        for (int c = 0; t->rows[i].cells && c < t->rows[i].used; c++) {
            int cw = cli_width(t->rows[i].cells[c]);
            if (cw > w[c])
                w[c] = cw;
        }
    for (int c = 0; c < t->ncols; c++)
        total += w[c] + (c ? 2 : 0);
    for (int i = 0; i < t->nrows; i++) {
        fprintf(out, "%*s", indent, "");
        if (!t->rows[i].cells) {
            for (int k = 0; k < total; k++)
                fputc('-', out);
            fputc('\n', out);
            continue;
        }
        /* Trailing empty cells print nothing, so lines end without blanks. */
        int last = t->rows[i].used - 1;
        while (last >= 0 && !t->rows[i].cells[last][0])
            last--;
        for (int c = 0; c <= last; c++) {
            const char *s = t->rows[i].cells[c];
            int pad = w[c] - cli_width(s);
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
    free(w);
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
    free(t);
}
