/* A minimal SVG line/scatter plot writer for the benchmark's figures. */
#ifndef WW_BENCH_SVG_H
#define WW_BENCH_SVG_H

typedef struct svg_series {
    const char *name;
    const char *color;
    int lines;               /* 1: join the points, 0: markers only */
    int n;
    const double *x, *y;     /* points with x or y <= 0 are skipped on a
                                log axis */
} svg_series;

typedef struct svg_plot {
    const char *title, *xlabel, *ylabel;
    int logx, logy;
    const svg_series *series;
    int nseries;
} svg_plot;

/* Writes the plot; 0 on success, -1 when the file cannot be written. */
int svg_write(const char *path, const svg_plot *p);

#endif
