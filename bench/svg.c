/* A minimal SVG plot: axes with decade (log) or round (linear) ticks,
 * one polyline or marker set per series, a legend. */
#include "svg.h"

#include <math.h>
#include <stdio.h>

#define W 640.0
#define H 420.0
#define ML 78.0   /* margins */
#define MR 170.0
#define MT 36.0
#define MB 52.0

typedef struct axis {
    int log;
    double lo, hi;    /* in axis units (log10 when log) */
} axis;

static int usable(const axis *a, double v)
{
    return isfinite(v) && (!a->log || v > 0);
}

static double unit(const axis *a, double v)
{
    return a->log ? log10(v) : v;
}

static void fit(axis *a, const svg_plot *p, int isx)
{
    a->lo = HUGE_VAL;
    a->hi = -HUGE_VAL;
    for (int s = 0; s < p->nseries; s++) {
        const svg_series *se = &p->series[s];
        for (int i = 0; i < se->n; i++) {
            double v = isx ? se->x[i] : se->y[i];
            if (!usable(a, v))
                continue;
            if (unit(a, v) < a->lo)
                a->lo = unit(a, v);
            if (unit(a, v) > a->hi)
                a->hi = unit(a, v);
        }
    }
    if (!(a->lo <= a->hi)) {
        a->lo = 0;
        a->hi = 1;
    }
    if (a->log) {
        a->lo = floor(a->lo);
        a->hi = ceil(a->hi);
        if (a->hi <= a->lo)
            a->hi = a->lo + 1;
    } else {
        double span = a->hi - a->lo;
        if (span <= 0)
            span = fabs(a->hi) > 0 ? fabs(a->hi) : 1;
        double step = pow(10, floor(log10(span)));
        a->lo = floor(a->lo / step) * step;
        a->hi = ceil(a->hi / step) * step;
        if (a->hi <= a->lo)
            a->hi = a->lo + step;
        if (a->lo > 0 && a->lo <= span)
            a->lo = 0;
    }
}

static double px(const axis *a, double v)
{
    return ML + (unit(a, v) - a->lo) / (a->hi - a->lo) * (W - ML - MR);
}

static double py(const axis *a, double v)
{
    return H - MB - (unit(a, v) - a->lo) / (a->hi - a->lo) * (H - MT - MB);
}

static void tick_label(char *buf, size_t len, const axis *a, double t)
{
    if (a->log)
        snprintf(buf, len, "%g", pow(10, t));
    else
        snprintf(buf, len, "%g", t);
}

static void ticks(FILE *f, const axis *a, int isx)
{
    double step = 1;
    if (!a->log) {
        double span = a->hi - a->lo;
        step = pow(10, floor(log10(span)));
        if (span / step < 3)
            step /= 2;
        if (span / step > 8)
            step *= 2;
    }
    for (double t = a->lo; t <= a->hi + 1e-9; t += step) {
        char lab[32];
        tick_label(lab, sizeof lab, a, t);
        double v = a->log ? pow(10, t) : t;
        if (isx) {
            double x = px(a, v);
            fprintf(f, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' "
                       "stroke='#ddd'/>\n", x, MT, x, H - MB);
            fprintf(f, "<text x='%.1f' y='%.1f' text-anchor='middle'>%s"
                       "</text>\n", x, H - MB + 16, lab);
        } else {
            double y = py(a, v);
            fprintf(f, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' "
                       "stroke='#ddd'/>\n", ML, y, W - MR, y);
            fprintf(f, "<text x='%.1f' y='%.1f' text-anchor='end'>%s"
                       "</text>\n", ML - 6, y + 4, lab);
        }
    }
}

int svg_write(const char *path, const svg_plot *p)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    axis ax = {p->logx, 0, 0}, ay = {p->logy, 0, 0};
    fit(&ax, p, 1);
    fit(&ay, p, 0);
    fprintf(f, "<svg xmlns='http://www.w3.org/2000/svg' width='%g' "
               "height='%g' font-family='sans-serif' font-size='12'>\n",
            W, H);
    fprintf(f, "<rect width='100%%' height='100%%' fill='white'/>\n");
    fprintf(f, "<text x='%.1f' y='20' text-anchor='middle' "
               "font-size='14'>%s</text>\n", (ML + W - MR) / 2, p->title);
    ticks(f, &ax, 1);
    ticks(f, &ay, 0);
    fprintf(f, "<rect x='%g' y='%g' width='%g' height='%g' fill='none' "
               "stroke='black'/>\n", ML, MT, W - ML - MR, H - MT - MB);
    fprintf(f, "<text x='%.1f' y='%.1f' text-anchor='middle'>%s</text>\n",
            (ML + W - MR) / 2, H - 12, p->xlabel);
    fprintf(f, "<text transform='translate(16,%.1f) rotate(-90)' "
               "text-anchor='middle'>%s</text>\n", (MT + H - MB) / 2,
            p->ylabel);
    for (int s = 0; s < p->nseries; s++) {
        const svg_series *se = &p->series[s];
        if (se->lines) {
            fprintf(f, "<polyline fill='none' stroke='%s' stroke-width='2' "
                       "points='", se->color);
            for (int i = 0; i < se->n; i++)
                if (usable(&ax, se->x[i]) && usable(&ay, se->y[i]))
                    fprintf(f, "%.1f,%.1f ", px(&ax, se->x[i]),
                            py(&ay, se->y[i]));
            fprintf(f, "'/>\n");
        }
        for (int i = 0; i < se->n; i++)
            if (usable(&ax, se->x[i]) && usable(&ay, se->y[i]))
                fprintf(f, "<circle cx='%.1f' cy='%.1f' r='3.5' "
                           "fill='%s'/>\n", px(&ax, se->x[i]),
                        py(&ay, se->y[i]), se->color);
        double ly = MT + 14 + 18 * s;
        fprintf(f, "<rect x='%.1f' y='%.1f' width='12' height='12' "
                   "fill='%s'/>\n", W - MR + 12, ly - 10, se->color);
        fprintf(f, "<text x='%.1f' y='%.1f'>%s</text>\n", W - MR + 30, ly,
                se->name);
    }
    fprintf(f, "</svg>\n");
    return fclose(f) == 0 ? 0 : -1;
}
