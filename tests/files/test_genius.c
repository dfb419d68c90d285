/* test_genius.c — Genius import, checked against an independent evaluator
 * that re-reads the XML with expat (it shares no code with lib/genius.c).
 *  - every domain of the corpus (../shared/genius): the supported ones must
 *    give, on sampled packages, the utilities the XML defines (1e-9); the
 *    others must fail with a clear error (status, file, line, element);
 *  - small hand-written files for every feature, warning and error. */
#include <dirent.h>
#include <errno.h>
#include <expat.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "winwin.h"

#define CORPUS WW_GENIUS_CORPUS
#define TMP WW_TEST_TMP "/"

/* ------------------------------------------------------------------ */
/* Independent reader: what the XML says, nothing else                 */

typedef struct xitem {
    char *value;
    double eval;
} xitem;

typedef struct xissue {
    long index;
    char *name;
    int integer;
    long lo, hi;
    xitem *items;
    int nitems;
    double weight;
    int has_weight;
} xissue;

typedef struct xbound {
    long index;
    double min, max;
} xbound;

typedef struct xrect {
    double u, w;
    int excludes;
    xbound *b;
    int nb;
} xrect;

typedef struct xspace {
    char root[64];
    xissue *is;
    int nis;
    double maxutility;
    int nonlinear;
    xrect *r;
    int nr;
    double reservation;
    int has_reservation;
    char stack[32][64];
    int depth;
} xspace;

static const char *attr(const char **a, const char *name)
{
    for (; a && a[0]; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

static char *dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    assert_non_null(d);
    strcpy(d, s);
    return d;
}

static xissue *issue_by_index(xspace *x, long index)
{
    for (int i = 0; i < x->nis; i++)
        if (x->is[i].index == index)
            return &x->is[i];
    return NULL;
}

static void x_start(void *data, const char *el, const char **a)
{
    xspace *x = data;
    const char *parent = x->depth ? x->stack[x->depth - 1] : "";
    if (x->depth == 0)
        snprintf(x->root, sizeof x->root, "%s", el);
    if (x->depth < 32)
        snprintf(x->stack[x->depth], 64, "%s", el);
    x->depth++;
    if (strcmp(el, "issue") == 0) {
        x->is = realloc(x->is, (size_t)(x->nis + 1) * sizeof *x->is);
        xissue *is = &x->is[x->nis++];
        memset(is, 0, sizeof *is);
        is->index = atol(attr(a, "index"));
        is->name = dup(attr(a, "name") ? attr(a, "name") : "");
        const char *t = attr(a, "type");
        if (!t)
            t = attr(a, "vtype");
        if (!t)
            t = attr(a, "etype");
        is->integer = t && strcmp(t, "integer") == 0;
        if (attr(a, "lowerbound")) {
            is->lo = atol(attr(a, "lowerbound"));
            is->hi = atol(attr(a, "upperbound"));
        }
    } else if (strcmp(el, "range") == 0 && x->nis) {
        x->is[x->nis - 1].lo = atol(attr(a, "lowerbound"));
        x->is[x->nis - 1].hi = atol(attr(a, "upperbound"));
    } else if (strcmp(el, "item") == 0 && strcmp(parent, "issue") == 0) {
        xissue *is = &x->is[x->nis - 1];
        is->items = realloc(is->items,
                            (size_t)(is->nitems + 1) * sizeof *is->items);
        is->items[is->nitems].value = dup(attr(a, "value"));
        const char *e = attr(a, "evaluation");
        is->items[is->nitems].eval = e ? atof(e) : 0;
        is->nitems++;
    } else if (strcmp(el, "utility") == 0) {
        x->nonlinear = 1;
        x->maxutility = atof(attr(a, "maxutility"));
    } else if (strcmp(el, "hyperRectangle") == 0) {
        x->r = realloc(x->r, (size_t)(x->nr + 1) * sizeof *x->r);
        xrect *r = &x->r[x->nr++];
        memset(r, 0, sizeof *r);
        r->u = atof(attr(a, "utility"));
        r->w = attr(a, "weight") ? atof(attr(a, "weight")) : 1;
    } else if (strcmp(el, "INCLUDES") == 0 || strcmp(el, "EXCLUDES") == 0) {
        xrect *r = &x->r[x->nr - 1];
        r->excludes = el[0] == 'E';
        r->b = realloc(r->b, (size_t)(r->nb + 1) * sizeof *r->b);
        r->b[r->nb].index = atol(attr(a, "index"));
        r->b[r->nb].min = atof(attr(a, "min"));
        r->b[r->nb].max = atof(attr(a, "max"));
        r->nb++;
    } else if (strcmp(el, "reservation") == 0) {
        x->has_reservation = 1;
        x->reservation = atof(attr(a, "value"));
    }
}

/* Weights come after or before the issues: applied at the end. */
typedef struct xweight {
    long index;
    double value;
} xweight;
static xweight g_weights[256];
static int g_nweights;

static void x_start_w(void *data, const char *el, const char **a)
{
    if (strcmp(el, "weight") == 0 && g_nweights < 256) {
        g_weights[g_nweights].index = atol(attr(a, "index"));
        g_weights[g_nweights].value = atof(attr(a, "value"));
        g_nweights++;
    }
    x_start(data, el, a);
}

static void x_end(void *data, const char *el)
{
    (void)el;
    ((xspace *)data)->depth--;
}

/* 0 when the file is not well-formed XML. */
static int xread(const char *path, xspace *x)
{
    memset(x, 0, sizeof *x);
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    XML_Parser p = XML_ParserCreate(NULL);
    XML_SetUserData(p, x);
    g_nweights = 0;
    XML_SetElementHandler(p, x_start_w, x_end);
    char buf[65536];
    int ok = 1;
    for (;;) {
        size_t n = fread(buf, 1, sizeof buf, f);
        if (XML_Parse(p, buf, (int)n, n == 0) != XML_STATUS_OK) {
            ok = 0;
            break;
        }
        if (n == 0)
            break;
    }
    XML_ParserFree(p);
    fclose(f);
    for (int i = 0; i < g_nweights; i++) {
        xissue *is = issue_by_index(x, g_weights[i].index);
        if (is) {
            is->weight = g_weights[i].value;
            is->has_weight = 1;
        }
    }
    return ok;
}

static void xfree(xspace *x)
{
    for (int i = 0; i < x->nis; i++) {
        for (int k = 0; k < x->is[i].nitems; k++)
            free(x->is[i].items[k].value);
        free(x->is[i].items);
        free(x->is[i].name);
    }
    free(x->is);
    for (int i = 0; i < x->nr; i++)
        free(x->r[i].b);
    free(x->r);
    memset(x, 0, sizeof *x);
}

/* The utility the XML gives to a package, named by its labels in the
 * domain's issue order. */
static double xutility(xspace *dom, xspace *prof, const char **labels)
{
    double u = 0;
    if (prof->nonlinear) {
        for (int r = 0; r < prof->nr; r++) {
            const xrect *rc = &prof->r[r];
            int inside = 1;
            for (int b = 0; b < rc->nb; b++) {
                int k = 0;
                while (dom->is[k].index != rc->b[b].index)
                    k++;
                double v = atof(labels[k]);
                if (v < rc->b[b].min || v > rc->b[b].max)
                    inside = 0;
            }
            int pays = rc->nb == 0 ? 1 : rc->excludes ? !inside : inside;
            if (pays)
                u += rc->w * rc->u;
        }
        return u / prof->maxutility;
    }
    for (int k = 0; k < dom->nis; k++) {
        xissue *is = issue_by_index(prof, dom->is[k].index);
        double max = 0, e = 0;
        for (int i = 0; i < is->nitems; i++) {
            if (is->items[i].eval > max)
                max = is->items[i].eval;
            if (strcmp(is->items[i].value, labels[k]) == 0)
                e = is->items[i].eval;
        }
        if (max > 0)
            u += is->weight * e / max;
    }
    return u;
}

/* ------------------------------------------------------------------ */
/* Checking one import                                                 */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return rng_state >> 33;
}

/* The imported model agrees with the XML on its terms, labels and on
 * `samples` random packages (plus the all-first / all-last ones). */
static void check_against_xml(ww_model *m, const char *domain,
                              const char *buyer, const char *seller,
                              int samples)
{
    xspace d, p[2];
    assert_true(xread(domain, &d));
    assert_true(xread(buyer, &p[0]));
    assert_true(xread(seller, &p[1]));
    int nt = ww_model_term_count(m);
    assert_int_equal(nt, d.nis);
    for (int k = 0; k < nt; k++) {
        assert_string_equal(ww_model_term_name(m, k), d.is[k].name);
        if (d.is[k].integer) {
            assert_int_equal(ww_model_level_count(m, k),
                             d.is[k].hi - d.is[k].lo + 1);
            for (int l = 0; l < ww_model_level_count(m, k); l++) {
                char lab[32];
                double v;
                snprintf(lab, sizeof lab, "%ld", d.is[k].lo + l);
                assert_string_equal(ww_model_level_label(m, k, l), lab);
                assert_int_equal(ww_model_level_value(m, k, l, &v), 1);
                assert_true(v == (double)(d.is[k].lo + l));
            }
        } else {
            assert_int_equal(ww_model_level_count(m, k), d.is[k].nitems);
            for (int l = 0; l < d.is[k].nitems; l++)
                assert_string_equal(ww_model_level_label(m, k, l),
                                    d.is[k].items[l].value);
        }
    }
    for (int q = 0; q < 2; q++) {
        double r;
        int has = ww_model_reservation(m, (ww_party)q, &r);
        assert_int_equal(has, p[q].has_reservation);
        if (has)
            assert_true(r == p[q].reservation);
    }
    int *pkg = calloc((size_t)nt, sizeof *pkg);
    const char **labels = calloc((size_t)nt, sizeof *labels);
    rng_state = 12345;
    for (int s = 0; s < samples + 2; s++) {
        for (int k = 0; k < nt; k++) {
            int nl = ww_model_level_count(m, k);
            pkg[k] = s == 0 ? 0 : s == 1 ? nl - 1 : (int)(rnd() % (uint64_t)nl);
            labels[k] = ww_model_level_label(m, k, pkg[k]);
        }
        ww_evaluation ev;
        assert_int_equal(ww_model_evaluate(m, pkg, &ev), WW_OK);
        double ub = xutility(&d, &p[0], labels);
        double us = xutility(&d, &p[1], labels);
        if (fabs(ev.buyer - ub) > 1e-9 || fabs(ev.seller - us) > 1e-9)
            fail_msg("%s: package %d: winwin %.17g / %.17g, XML %.17g / "
                     "%.17g",
                     domain, s, ev.buyer, ev.seller, ub, us);
    }
    free(pkg);
    free(labels);
    xfree(&d);
    xfree(&p[0]);
    xfree(&p[1]);
}

/* An imported model also saves and loads back to the same text. */
static void check_round_trip(ww_model *m)
{
    char *t1, *t2;
    assert_int_equal(ww_model_save_string(m, &t1), WW_OK);
    ww_model *back;
    ww_error err;
    if (ww_model_load_string(t1, strlen(t1), "imported.json", &back, &err))
        fail_msg("%s", err.text);
    assert_int_equal(ww_model_save_string(back, &t2), WW_OK);
    assert_string_equal(t1, t2);
    free(t1);
    free(t2);
    ww_model_free(back);
}

/* ------------------------------------------------------------------ */
/* The corpus                                                          */

typedef struct reason {
    char text[160];
    int count;
    char example[256];
} reason;

typedef struct tally {
    int supported, unsupported, warned;
    reason reasons[64];
    int nreasons;
    char supported_list[64 * 1024];
} tally;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The message with file-specific words (names, numbers) cut: a reason. */
static void reason_of(const ww_error *err, char *buf, size_t size)
{
    snprintf(buf, size, "%s: %s", ww_status_str(err->status), err->message);
    char *q = strchr(buf, '"');
    if (q && strstr(buf, "unsupported element") == NULL)
        *q = '\0'; /* drop issue names and values */
    if (strstr(buf, "unsupported element")) {
        char *in = strstr(buf, " (winwin");
        if (in)
            *in = '\0';
    }
}

static void count_reason(tally *t, const char *dir, const ww_error *err)
{
    char r[600];
    reason_of(err, r, sizeof r);
    for (int i = 0; i < t->nreasons; i++)
        if (strncmp(t->reasons[i].text, r, 150) == 0) {
            t->reasons[i].count++;
            return;
        }
    if (t->nreasons < 64) {
        reason *x = &t->reasons[t->nreasons++];
        snprintf(x->text, sizeof x->text, "%.150s", r);
        snprintf(x->example, sizeof x->example, "%.250s", err->text);
        x->count = 1;
    }
    (void)dir;
}

static void visit(const char *dir, tally *t)
{
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    char **names = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        names = realloc(names, (size_t)(n + 1) * sizeof *names);
        names[n++] = dup(e->d_name);
    }
    closedir(dh);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    char *domain = NULL, *prof[2] = {NULL, NULL};
    int ndomains = 0, nprof = 0;
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            visit(path, t);
            continue;
        }
        size_t len = strlen(names[i]);
        if (len < 4 || strcmp(names[i] + len - 4, ".xml") != 0)
            continue;
        xspace x;
        int ok = xread(path, &x);
        if (ok && strcmp(x.root, "negotiation_template") == 0) {
            ndomains++;
            free(domain);
            domain = dup(path);
        } else if (ok && strcmp(x.root, "utility_space") == 0) {
            if (nprof < 2)
                prof[nprof] = dup(path);
            nprof++;
        }
        xfree(&x);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (ndomains == 1 && nprof >= 2) {
        ww_model *m = NULL;
        ww_error err;
        ww_status st = ww_genius_import(domain, prof[0], prof[1], &m, &err);
        const char *rel = dir + strlen(CORPUS) + 1;
        if (st == WW_OK) {
            t->supported++;
            if (ww_model_warning_count(m) > 0)
                t->warned++;
            size_t used = strlen(t->supported_list);
            snprintf(t->supported_list + used,
                     sizeof t->supported_list - used, " %s", rel);
            check_against_xml(m, domain, prof[0], prof[1], 200);
            check_round_trip(m);
            ww_model_free(m);
        } else {
            t->unsupported++;
            assert_null(m);
            /* a clear error: which file, where, what */
            assert_int_equal(err.status, st);
            assert_true(err.file[0] != '\0');
            assert_true(err.message[0] != '\0');
            if (err.line <= 0 || err.path[0] == '\0')
                fail_msg("%s: error without position or element: %s", rel,
                         err.text);
            count_reason(t, rel, &err);
        }
    }
    free(domain);
    free(prof[0]);
    free(prof[1]);
}

static void test_corpus(void **state)
{
    (void)state;
    static tally t;
    memset(&t, 0, sizeof t);
    visit(CORPUS, &t);
    printf("Genius corpus: %d domains supported, %d unsupported "
           "(%d imported with warnings)\n",
           t.supported, t.unsupported, t.warned);
    printf("supported:%s\n", t.supported_list);
    for (int i = 0; i < t.nreasons; i++)
        printf("  unsupported x%d: %s\n    e.g. %s\n", t.reasons[i].count,
               t.reasons[i].text, t.reasons[i].example);
    assert_true(t.supported > 0);
    assert_true(t.supported + t.unsupported > 100);
}

/* Known corpus cases, one per feature. */
static void import_ok(const char *dir, const char *d, const char *b,
                      const char *s, ww_model **m)
{
    char pd[512], pb[512], ps[512];
    snprintf(pd, sizeof pd, "%s/%s/%s", CORPUS, dir, d);
    snprintf(pb, sizeof pb, "%s/%s/%s", CORPUS, dir, b);
    snprintf(ps, sizeof ps, "%s/%s/%s", CORPUS, dir, s);
    ww_error err;
    if (ww_genius_import(pd, pb, ps, m, &err))
        fail_msg("%s", err.text);
    check_against_xml(*m, pd, pb, ps, 500);
}

static int has_warning(ww_model *m, const char *needle)
{
    for (int i = 0; i < ww_model_warning_count(m); i++)
        if (strstr(ww_model_warning(m, i), needle))
            return 1;
    return 0;
}

static void test_corpus_known(void **state)
{
    (void)state;
    ww_model *m;
    /* linear-additive, discrete */
    import_ok("anac/y2010/Travel", "travel_domain.xml", "travel_chox.xml",
              "travel_fanny.xml", &m);
    assert_string_equal(ww_model_party_name(m, WW_BUYER), "travel_chox");
    assert_string_equal(ww_model_party_name(m, WW_SELLER), "travel_fanny");
    assert_int_equal(ww_model_interaction_count(m), 0);
    ww_model_free(m);
    /* nonlinear INCLUDES, discount factor and reservation */
    import_ok("anac/y2014/10issuesDiscountedwithRV",
              "10issuesDiscountedwithRV-domain.xml", "profile-1.xml",
              "profile-2.xml", &m);
    assert_true(ww_model_interaction_count(m) > 0);
    assert_true(has_warning(m, "discount factor 0.5 ignored"));
    /* both profiles' rectangles sum past maxutility, and both best
     * packages score exactly 1: no warning (there was one, from the sums) */
    assert_false(has_warning(m, "maxutility"));
    double r;
    assert_int_equal(ww_model_reservation(m, WW_BUYER, &r), 1);
    assert_true(r == 0.75);
    ww_model_free(m);
    /* 30issues' best packages score past 1 (1.0348 and 1.0962: an
     * independent evaluator and winwin best agree) */
    import_ok("anac/y2014/30issues", "30issues-domain.xml", "profile-1.xml",
              "profile-2.xml", &m);
    assert_true(has_warning(m, "profile-1.xml: maxutility 2353 is too low: "
                               "the best package scores 1.0348491287"));
    assert_true(has_warning(m, "profile-2.xml: maxutility 2141 is too low: "
                               "the best package scores 1.0962167211"));
    ww_model_free(m);
    /* a profile written for another domain: 10issues' against 30issues */
    ww_model *bad = (ww_model *)&bad;
    ww_error err;
    char d30[512], p10[512], p30[512];
    snprintf(d30, sizeof d30, "%s/anac/y2014/30issues/30issues-domain.xml",
             WW_GENIUS_CORPUS);
    snprintf(p10, sizeof p10, "%s/anac/y2014/10issues/profile-1.xml",
             WW_GENIUS_CORPUS);
    snprintf(p30, sizeof p30, "%s/anac/y2014/30issues/profile-2.xml",
             WW_GENIUS_CORPUS);
    assert_int_equal(ww_genius_import(d30, p10, p30, &bad, &err),
                     WW_INVALID);
    assert_null(bad);
    assert_non_null(strstr(err.message, "no <issue index=\"11\">"));
    /* nonlinear with EXCLUDES */
    import_ok("other/S-1NAGUNL-114", "S-1NAGUNL-114-domain.xml",
              "profile-1.xml", "profile-2.xml", &m);
    ww_model_free(m);
    /* weights listed before the issues, and a weight for the objective */
    import_ok("anac/y2012/FitnessA", "Fitness-A-domain.xml",
              "Fitness-A-prof1.xml", "Fitness-A-prof2.xml", &m);
    ww_model_free(m);
    /* the other way round: buyer = first file, seller = second */
    import_ok("anac/y2010/Travel", "travel_domain.xml", "travel_fanny.xml",
              "travel_chox.xml", &m);
    assert_string_equal(ww_model_party_name(m, WW_BUYER), "travel_fanny");
    ww_model_free(m);
}

static void expect_error(const char *d, const char *b, const char *s,
                         ww_status status, const char *file_end, int line,
                         const char *message)
{
    ww_model *m = (ww_model *)&m;
    ww_error err;
    ww_status st = ww_genius_import(d, b, s, &m, &err);
    if (st != status || m != NULL || !strstr(err.message, message) ||
        (line >= 0 && err.line != line) ||
        strlen(err.file) < strlen(file_end) ||
        strcmp(err.file + strlen(err.file) - strlen(file_end), file_end) != 0)
        fail_msg("got %d \"%s\"; want %d at %s:%d ~\"%s\"", st, err.text,
                 status, file_end, line, message);
    char head[400];
    snprintf(head, sizeof head, "%s:%d:", err.file, err.line);
    if (line > 0)
        assert_true(strncmp(err.text, head, strlen(head)) == 0);
}

static void test_corpus_unsupported(void **state)
{
    (void)state;
    /* integer issues with evaluators in a linear-additive profile */
    expect_error(CORPUS "/other/IntegerDomain/IntegerDomain.xml",
                 CORPUS "/other/IntegerDomain/IntegerDomain-prof1.xml",
                 CORPUS "/other/IntegerDomain/IntegerDomain-prof2.xml",
                 WW_UNSUPPORTED, "IntegerDomain-prof1.xml", 4,
                 "has an <evaluator> in a linear-additive profile");
    /* similarity functions */
    expect_error(CORPUS "/anac/y2012/CarA/Car-A-domain.xml",
                 CORPUS "/anac/y2012/CarA/Car-A-prof1.xml",
                 CORPUS "/anac/y2012/CarA/Car-A-prof2.xml", WW_UNSUPPORTED,
                 "Car-A-prof1.xml", 16, "<similarity_function>");
    /* a malformed file of the corpus (pareto.xml is not XML) */
    expect_error(CORPUS "/anac/y2014/10issues/pareto.xml",
                 CORPUS "/anac/y2014/10issues/profile-1.xml",
                 CORPUS "/anac/y2014/10issues/profile-2.xml", WW_PARSE_ERROR,
                 "pareto.xml", 2, "malformed XML");
    /* a profile in place of the domain */
    expect_error(CORPUS "/anac/y2014/10issues/profile-1.xml",
                 CORPUS "/anac/y2014/10issues/profile-1.xml",
                 CORPUS "/anac/y2014/10issues/profile-2.xml", WW_UNSUPPORTED,
                 "profile-1.xml", -1, "<utility>");
    /* a domain in place of a profile */
    expect_error(CORPUS "/anac/y2010/Travel/travel_domain.xml",
                 CORPUS "/anac/y2010/Travel/travel_domain.xml",
                 CORPUS "/anac/y2010/Travel/travel_fanny.xml", WW_UNSUPPORTED,
                 "travel_domain.xml", 1, "<utility_space> root");
    expect_error(CORPUS "/anac/y2010/Travel/travel_domain.xml",
                 CORPUS "/anac/y2010/Travel/travel_chox.xml",
                 CORPUS "/anac/y2010/Travel/no_such_file.xml", WW_IO_ERROR,
                 "no_such_file.xml", 0, strerror(ENOENT));
}

/* ------------------------------------------------------------------ */
/* Hand-written files                                                  */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *const DOMAIN_D =
    "<negotiation_template>\n"
    "<agent name=\"a\" class=\"\" utility_space=\"\"/>\n"
    "<utility_space number_of_issues=\"3\">\n"
    "<objective index=\"0\" name=\"Deal\" type=\"objective\">\n"
    "  <issue index=\"1\" name=\"colour\" type=\"discrete\">\n"
    "    <item index=\"1\" value=\"red\"/><item index=\"2\" value=\"green\"/>"
    "<item index=\"3\" value=\"blue &amp; white\"/>\n"
    "  </issue>\n"
    "  <issue index=\"2\" name=\"size\" vtype=\"discrete\">\n"
    "    <item index=\"1\" value=\"S\"/><item index=\"2\" value=\"L\"/>\n"
    "  </issue>\n"
    "  <issue index=\"5\" name=\"free\" etype=\"discrete\">\n"
    "    <item index=\"1\" value=\"yes\"/><item index=\"2\" value=\"no\"/>\n"
    "  </issue>\n"
    "</objective>\n"
    "</utility_space>\n"
    "</negotiation_template>\n";

/* weights out of order, items out of order, an all-zero issue */
static const char *const PROF_D1 =
    "<utility_space>\n"
    "<objective index=\"0\" name=\"Deal\">\n"
    "  <weight index=\"5\" value=\"0.3\"/>\n"
    "  <issue index=\"2\" name=\"size\">\n"
    "    <item value=\"L\" evaluation=\"4\"/><item value=\"S\" "
    "evaluation=\"1\"/>\n"
    "  </issue>\n"
    "  <issue index=\"1\" name=\"colour\">\n"
    "    <item value=\"blue &amp; white\" evaluation=\"0\"/>"
    "<item value=\"red\" evaluation=\"8\"/><item value=\"green\" "
    "evaluation=\"2\"/>\n"
    "  </issue>\n"
    "  <issue index=\"5\" name=\"free\">\n"
    "    <item value=\"yes\" evaluation=\"0\"/><item value=\"no\" "
    "evaluation=\"0\"/>\n"
    "  </issue>\n"
    "  <weight index=\"1\" value=\"0.5\"/><weight index=\"2\" "
    "value=\"0.25\"/>\n"
    "</objective>\n"
    "<reservation value=\"0.25\"/>\n"
    "<discount_factor value=\"0.9\"/>\n"
    "</utility_space>\n";

static const char *const PROF_D2 =
    "<utility_space>\n"
    "<objective index=\"0\" name=\"Deal\">\n"
    "  <weight index=\"1\" value=\"0.6\"/><weight index=\"2\" value=\"0.6\"/>"
    "<weight index=\"5\" value=\"0.1\"/>\n"
    "  <issue index=\"1\" name=\"COLOUR\">\n"
    "    <item value=\"red\" evaluation=\"1\"/><item value=\"green\" "
    "evaluation=\"3\"/><item value=\"blue &amp; white\" evaluation=\"3\"/>\n"
    "  </issue>\n"
    "  <issue index=\"2\" name=\"size\">\n"
    "    <item value=\"S\" evaluation=\"2\"/><item value=\"L\" "
    "evaluation=\"0\"/>\n"
    "  </issue>\n"
    "  <issue index=\"5\" name=\"free\">\n"
    "    <item value=\"yes\" evaluation=\"1\"/><item value=\"no\" "
    "evaluation=\"0.5\"/>\n"
    "  </issue>\n"
    "</objective>\n"
    "<discount_factor value=\"1\"/>\n"
    "</utility_space>\n";

static void test_linear_files(void **state)
{
    (void)state;
    write_file(TMP "d.xml", DOMAIN_D);
    write_file(TMP "d1.xml", PROF_D1);
    write_file(TMP "d2.xml", PROF_D2);
    ww_model *m;
    ww_error err;
    assert_int_equal(ww_genius_import(TMP "d.xml", TMP "d1.xml",
                                      TMP "d2.xml", &m, &err),
                     WW_OK);
    check_against_xml(m, TMP "d.xml", TMP "d1.xml", TMP "d2.xml", 50);
    assert_string_equal(ww_model_name(m), "Deal");
    assert_string_equal(ww_model_level_label(m, 0, 2), "blue & white");
    /* by hand: red = 0.5 * 8/8, S = 0.25 * 1/4, free = 0 */
    int pkg[3] = {0, 0, 1};
    ww_evaluation ev;
    assert_int_equal(ww_model_evaluate(m, pkg, &ev), WW_OK);
    assert_true(fabs(ev.buyer - (0.5 + 0.0625)) < 1e-12);
    /* seller: 0.6 * 1/3 + 0.6 * 2/2 + 0.1 * 0.5 */
    assert_true(fabs(ev.seller - (0.2 + 0.6 + 0.05)) < 1e-12);
    double r;
    assert_int_equal(ww_model_reservation(m, WW_BUYER, &r), 1);
    assert_true(r == 0.25);
    assert_int_equal(ww_model_reservation(m, WW_SELLER, &r), 0);
    assert_true(has_warning(m, "discount factor 0.9 ignored"));
    assert_false(has_warning(m, "discount factor 1"));
    assert_true(has_warning(m, "named \"COLOUR\" here but \"colour\""));
    /* seller's best: 0.6 (green or blue) + 0.6 (S) + 0.1 (yes) */
    assert_true(has_warning(m, "d2.xml: the best package scores 1.3 > 1"));
    assert_false(has_warning(m, "d1.xml: the best package"));
    check_round_trip(m);
    ww_model_free(m);
}

static const char *const DOMAIN_N =
    "<negotiation_template>\n"
    "<utility_space>\n"
    "<objective index=\"0\" name=\"root\">\n"
    "  <issue index=\"1\" name=\"a\" type=\"integer\" lowerbound=\"0\" "
    "upperbound=\"4\"/>\n"
    "  <issue index=\"2\" name=\"b\" type=\"integer\" lowerbound=\"-2\" "
    "upperbound=\"2\"/>\n"
    "  <issue index=\"3\" name=\"c\" type=\"integer\"><range lowerbound=\"1\" "
    "upperbound=\"3\"/></issue>\n"
    "</objective>\n"
    "</utility_space>\n"
    "</negotiation_template>\n";

static const char *const PROF_N1 =
    "<utility_space type=\"nonlinear\">\n"
    "<objective index=\"0\" name=\"root\">\n"
    "  <issue index=\"1\" name=\"a\" type=\"integer\" lowerbound=\"0\" "
    "upperbound=\"4\"/>\n"
    "  <issue index=\"2\" name=\"b\" type=\"integer\" lowerbound=\"-2\" "
    "upperbound=\"2\"/>\n"
    "  <issue index=\"3\" name=\"C\" type=\"integer\" lowerbound=\"1\" "
    "upperbound=\"3\"/>\n"
    "  <utility maxutility=\"10\">\n"
    "    <ufun type=\"PlainUfun\" weight=\"1\" aggregation=\"sum\">\n"
    "      <hyperRectangle utility=\"4\">\n"
    "        <INCLUDES index=\"1\" min=\"1\" max=\"3\"/>\n"
    "        <INCLUDES index=\"2\" min=\"0\" max=\"9\"/>\n"
    "      </hyperRectangle>\n"
    "      <hyperRectangle utility=\"3\" weight=\"2\">\n"
    "        <EXCLUDES index=\"1\" min=\"0\" max=\"1\"/>\n"
    "        <EXCLUDES index=\"3\" min=\"2\" max=\"3\"/>\n"
    "      </hyperRectangle>\n"
    "      <hyperRectangle utility=\"1\"/>\n"
    "      <hyperRectangle utility=\"5\">\n"
    "        <INCLUDES index=\"2\" min=\"-2\" max=\"2\"/>\n"
    "      </hyperRectangle>\n"
    "      <hyperRectangle utility=\"7\">\n"
    "        <INCLUDES index=\"1\" min=\"3\" max=\"4\"/>\n"
    "        <INCLUDES index=\"1\" min=\"0\" max=\"2\"/>\n"
    "      </hyperRectangle>\n"
    "      <hyperRectangle utility=\"2\">\n"
    "        <INCLUDES index=\"1\" min=\"2.5\" max=\"4\"/>\n"
    "        <INCLUDES index=\"3\" min=\"1\" max=\"1\"/>\n"
    "      </hyperRectangle>\n"
    "    </ufun>\n"
    "  </utility>\n"
    "</objective>\n"
    "<reservation value=\"0.4\"/>\n"
    "</utility_space>\n";

static const char *const PROF_N2 =
    "<utility_space type=\"nonlinear\">\n"
    "<objective index=\"0\" name=\"root\">\n"
    "  <utility maxutility=\"100\">\n"
    "    <ufun type=\"PlainUfun\" weight=\"1\" aggregation=\"sum\">\n"
    "      <hyperRectangle utility=\"30\">\n"
    "        <INCLUDES index=\"2\" min=\"-1\" max=\"1\"/>\n"
    "      </hyperRectangle>\n"
    "      <hyperRectangle utility=\"-10\">\n"
    "        <INCLUDES index=\"3\" min=\"3\" max=\"3\"/>\n"
    "      </hyperRectangle>\n"
    "    </ufun>\n"
    "  </utility>\n"
    "</objective>\n"
    "</utility_space>\n";

/* DOMAIN_N with the buyer's and the seller's profile texts (written to
 * TMP "n1.xml" and TMP "n2.xml"), imported. */
static ww_model *import_n(const char *buyer, const char *seller)
{
    write_file(TMP "n.xml", DOMAIN_N);
    write_file(TMP "n1.xml", buyer);
    write_file(TMP "n2.xml", seller);
    ww_model *m;
    ww_error err;
    if (ww_genius_import(TMP "n.xml", TMP "n1.xml", TMP "n2.xml", &m, &err))
        fail_msg("%s", err.text);
    return m;
}

static void test_nonlinear_files(void **state)
{
    (void)state;
    ww_model *m = import_n(PROF_N1, PROF_N2);
    check_against_xml(m, TMP "n.xml", TMP "n1.xml", TMP "n2.xml", 100);
    assert_string_equal(ww_model_name(m), "n"); /* objective "root" */
    assert_string_equal(ww_model_level_label(m, 1, 0), "-2");
    assert_int_equal(ww_model_level_count(m, 2), 3);
    /* Every package, exhaustively: 5 * 5 * 3. */
    int pkg[3];
    for (pkg[0] = 0; pkg[0] < 5; pkg[0]++)
        for (pkg[1] = 0; pkg[1] < 5; pkg[1]++)
            for (pkg[2] = 0; pkg[2] < 3; pkg[2]++) {
                int a = pkg[0], b = pkg[1] - 2, c = pkg[2] + 1;
                double u = 0;
                if (a >= 1 && a <= 3 && b >= 0)
                    u += 4;
                if (!(a <= 1 && c >= 2))
                    u += 6;
                u += 1 + 5;
                if (a >= 3 && c == 1)
                    u += 2;
                double s = (b >= -1 && b <= 1 ? 30 : 0) - (c == 3 ? 10 : 0);
                ww_evaluation ev;
                assert_int_equal(ww_model_evaluate(m, pkg, &ev), WW_OK);
                assert_true(fabs(ev.buyer - u / 10) < 1e-12);
                assert_true(fabs(ev.seller - s / 100) < 1e-12);
            }
    /* the positive rectangles sum to 4 + 6 + 1 + 5 + 7 + 2 = 25, but no
     * package is in all of them (7's bounds never hold together): the
     * best, a = 3, b >= 0, c = 1, scores 4 + 6 + 1 + 5 + 2 = 18 */
    assert_true(has_warning(m, "n1.xml: maxutility 10 is too low: the best "
                               "package scores 1.8 > 1"));
    assert_false(has_warning(m, "n2.xml: maxutility"));
    /* issues match by index; another name is said */
    assert_true(has_warning(m, "issue 3 is named \"C\" here but \"c\""));
    double r;
    assert_int_equal(ww_model_reservation(m, WW_BUYER, &r), 1);
    assert_true(r == 0.4);
    check_round_trip(m);
    ww_model_free(m);
}

/* Two rectangles of 10 each under maxutility 10, never both paid: their
 * sum, 2, bounds the best package, which scores 1.  Only a package that
 * scores past 1 is warned about (spec section 5; ANAC 2014's 10issues
 * sums to 1.37 and scores at most 1). */
static const char *const PROF_N3 =
    "<utility_space type=\"nonlinear\">\n"
    "<objective index=\"0\" name=\"root\">\n"
    "  <utility maxutility=\"10\">\n"
    "    <ufun type=\"PlainUfun\" aggregation=\"sum\">\n"
    "      <hyperRectangle utility=\"10\">\n"
    "        <INCLUDES index=\"1\" min=\"0\" max=\"1\"/>\n"
    "      </hyperRectangle>\n"
    "      <hyperRectangle utility=\"10\">\n"
    "        <INCLUDES index=\"1\" min=\"2\" max=\"4\"/>\n"
    "      </hyperRectangle>\n"
    "    </ufun>\n"
    "  </utility>\n"
    "</objective>\n"
    "<discount_factor value=\"1.5\"/>\n"
    "</utility_space>\n";

static void test_nonlinear_maxutility(void **state)
{
    (void)state;
    ww_model *m = import_n(PROF_N3, PROF_N2);
    assert_false(has_warning(m, "maxutility"));
    /* a discount factor out of [0, 1] is ignored, and said */
    assert_true(has_warning(m, "n1.xml:14: discount factor 1.5 ignored "
                               "(outside [0, 1]"));
    ww_model_free(m);
    /* one package more in both: 2 > 1, said from the best package */
    char *text = malloc(strlen(PROF_N3) + 1);
    strcpy(text, PROF_N3);
    memcpy(strstr(text, "min=\"2\""), "min=\"1\"", 7);
    m = import_n(text, PROF_N2);
    free(text);
    assert_true(has_warning(m, "n1.xml: maxutility 10 is too low: the best "
                               "package scores 2 > 1"));
    ww_model_free(m);
}

/* A weight and evaluations whose product is past the doubles, though
 * weight * eval / max is not: imported (it was an error blaming the
 * domain file). */
static void test_linear_large_weight(void **state)
{
    (void)state;
    write_file(TMP "d.xml", DOMAIN_D);
    write_file(TMP "d2.xml", PROF_D2);
    char *text = malloc(strlen(PROF_D1) + 64);
    strcpy(text, PROF_D1);
    char *w = strstr(text, "<weight index=\"1\" value=\"");
    assert_non_null(w);
    w += strlen("<weight index=\"1\" value=\"");
    char *q = strchr(w, '"');
    memmove(w + 5, q, strlen(q) + 1);
    memcpy(w, "1e300", 5);
    char *e = strstr(text, "evaluation=\"8\"");
    assert_non_null(e);
    e += strlen("evaluation=\"");
    memmove(e + 5, e + 1, strlen(e + 1) + 1);
    memcpy(e, "8e100", 5);
    write_file(TMP "big.xml", text);
    free(text);
    ww_model *m;
    ww_error err;
    if (ww_genius_import(TMP "d.xml", TMP "big.xml", TMP "d2.xml", &m, &err))
        fail_msg("%s", err.text);
    /* red: 1e300 * 8e100 / 8e100 */
    assert_true(ww_model_level_buyer(m, 0, 0) == 1e300);
    ww_model_free(m);
}

/* A nonlinear profile of n rectangles over issue 1 (and 2 when both),
 * each bound 9,000 levels wide, written to path. */
static void write_rects(const char *path, int n, int both)
{
    size_t cap = 200000, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len,
                            "<utility_space type=\"nonlinear\">\n"
                            "<objective index=\"0\">\n"
                            "<utility maxutility=\"1000\">\n"
                            "<ufun aggregation=\"sum\">\n");
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(text + len, cap - len,
                                "<hyperRectangle utility=\"1\"><INCLUDES "
                                "index=\"1\" min=\"%d\" max=\"%d\"/>",
                                i, i + 8999);
        if (both)
            len += (size_t)snprintf(text + len, cap - len,
                                    "<INCLUDES index=\"2\" min=\"%d\" "
                                    "max=\"%d\"/>",
                                    i + 1, i + 9000);
        len += (size_t)snprintf(text + len, cap - len, "</hyperRectangle>\n");
    }
    snprintf(text + len, cap - len,
             "</ufun>\n</utility>\n</objective>\n</utility_space>\n");
    write_file(path, text);
    free(text);
}

/* Rectangles whose bounds list more levels than the importer keeps:
 * 600 rectangles over two issues of 10,000 levels, each bound 9,000 wide
 * (10.8 million levels; the corpus's largest lists 2,473).  A clear
 * TOO_LARGE naming the profile, at once; a profile like it of 2 MB took
 * over 12 GB before its "out of memory". */
static void test_rectangles_too_large(void **state)
{
    (void)state;
    write_file(TMP "w.xml",
               "<negotiation_template>\n<utility_space>\n"
               "<objective index=\"0\" name=\"root\">\n"
               "<issue index=\"1\" name=\"a\" type=\"integer\" "
               "lowerbound=\"0\" upperbound=\"9999\"/>\n"
               "<issue index=\"2\" name=\"b\" type=\"integer\" "
               "lowerbound=\"0\" upperbound=\"9999\"/>\n"
               "</objective>\n</utility_space>\n</negotiation_template>\n");
    write_rects(TMP "w1.xml", 600, 1);
    write_file(TMP "w2.xml",
               "<utility_space type=\"nonlinear\">\n<objective index=\"0\">"
               "\n<utility maxutility=\"1\">\n<ufun aggregation=\"sum\">\n"
               "<hyperRectangle utility=\"1\"/>\n</ufun>\n</utility>\n"
               "</objective>\n</utility_space>\n");
    ww_model *m = (ww_model *)&m;
    ww_error err;
    assert_int_equal(ww_genius_import(TMP "w.xml", TMP "w1.xml",
                                      TMP "w2.xml", &m, &err),
                     WW_TOO_LARGE);
    assert_null(m);
    assert_non_null(strstr(err.file, "w1.xml"));
    assert_non_null(strstr(err.message, "more than 10000000 levels"));
    /* fewer rectangles import */
    write_rects(TMP "w1.xml", 100, 0);
    assert_int_equal(ww_genius_import(TMP "w.xml", TMP "w1.xml",
                                      TMP "w2.xml", &m, &err),
                     WW_OK);
    assert_int_equal(ww_model_interaction_count(m), 100);
    ww_model_free(m);
}

typedef struct badcase {
    const char *domain, *buyer; /* NULL: the good ones */
    ww_status status;
    int line;
    const char *path, *message;
} badcase;

static void test_bad_files(void **state)
{
    (void)state;
    const badcase cases[] = {
        {"<negotiation_template>\n<utility_space>\n<objective>\n<issue "
         "index=\"1\" name=\"a\" type=\"discrete\">\n<item value=\"x\">"
         "</issue>\n",
         NULL, WW_PARSE_ERROR, 5, "", "malformed XML"},
        {"<negotiation_template>\n<utility_space>\n<objective>\n"
         "<issue index=\"1\" name=\"a\" type=\"real\" lowerbound=\"0\" "
         "upperbound=\"1\"/>\n</objective></utility_space>"
         "</negotiation_template>",
         NULL, WW_UNSUPPORTED, 4,
         "negotiation_template/utility_space/objective/issue",
         "of type \"real\""},
        {"<negotiation_template>\n<utility_space>\n<objective>\n"
         "<issue index=\"1\" type=\"discrete\"><item value=\"x\"/></issue>\n"
         "</objective></utility_space></negotiation_template>",
         NULL, WW_PARSE_ERROR, 4, NULL, "needs a name= attribute"},
        {"<negotiation_template>\n<utility_space>\n<objective>\n"
         "<issue index=\"1\" name=\"a\" type=\"discrete\"><item value=\"x\"/>"
         "<item value=\"x\"/></issue>\n"
         "</objective></utility_space></negotiation_template>",
         NULL, WW_DUPLICATE, 4, NULL, "duplicate"},
        {"<negotiation_template>\n<utility_space>\n<objective>\n"
         "<issue index=\"1\" name=\"a\" type=\"integer\" lowerbound=\"0\" "
         "upperbound=\"x\"/>\n"
         "</objective></utility_space></negotiation_template>",
         NULL, WW_PARSE_ERROR, 4, NULL, "expected an integer"},
        {"<negotiation_template>\n<utility_space>\n<objective>\n"
         "<issue index=\"1\" name=\"a\" type=\"integer\" lowerbound=\"0\" "
         "upperbound=\"100000\"/>\n"
         "</objective></utility_space></negotiation_template>",
         NULL, WW_TOO_LARGE, 4, NULL, "more than 10000 levels"},
        {"<negotiation_template>\n<utility_space>\n<objective>\n"
         "<subobjective/>\n"
         "</objective></utility_space></negotiation_template>",
         NULL, WW_UNSUPPORTED, 4,
         "negotiation_template/utility_space/objective/subobjective",
         "unsupported element <subobjective> in <objective>"},
        /* profiles against DOMAIN_D (linear) */
        {NULL,
         "<utility_space><objective index=\"0\">\n"
         "<weight index=\"1\" value=\"1\"/><weight index=\"2\" value=\"1\"/>"
         "<weight index=\"5\" value=\"1\"/>\n"
         "<issue index=\"1\"><item value=\"red\" evaluation=\"1\"/>"
         "<item value=\"green\" evaluation=\"1\"/>\n<item value=\"pink\" "
         "evaluation=\"1\"/></issue>\n"
         "</objective></utility_space>",
         WW_INVALID, 4, NULL, "has no item \"pink\""},
        {NULL,
         "<utility_space><objective index=\"0\">\n"
         "<weight index=\"1\" value=\"1\"/><weight index=\"2\" value=\"1\"/>"
         "<weight index=\"5\" value=\"1\"/>\n"
         "<issue index=\"1\"><item value=\"red\" evaluation=\"1\"/>"
         "<item value=\"green\" evaluation=\"1\"/>\n<item value=\"blue &amp; "
         "white\"/></issue>\n"
         "</objective></utility_space>",
         WW_PARSE_ERROR, 4, NULL, "needs a evaluation= attribute"},
        {NULL,
         "<utility_space><objective index=\"0\">\n"
         "<weight index=\"1\" value=\"1\"/><weight index=\"2\" value=\"1\"/>"
         "<weight index=\"5\" value=\"1\"/>\n"
         "<issue index=\"1\"><item value=\"red\" evaluation=\"1\"/>\n"
         "<item value=\"green\" evaluation=\"1\"/></issue>\n"
         "</objective></utility_space>",
         WW_INVALID, 3, NULL, "item \"blue & white\" has no evaluation"},
        {NULL,
         "<utility_space><objective index=\"0\">\n"
         "<weight index=\"1\" value=\"1\"/><weight index=\"9\" value=\"1\"/>\n"
         "</objective></utility_space>",
         WW_INVALID, 2, NULL, "the domain has no issue with that index"},
        {NULL,
         "<utility_space>\n<objective index=\"0\">\n"
         "</objective></utility_space>",
         WW_INVALID, 2, NULL, "no <issue index=\"1\">"},
        {NULL,
         "<utility_space>\n<objective index=\"0\"><weight index=\"1\" "
         "value=\"1\"/>\n"
         "<issue index=\"1\"><item value=\"red\" evaluation=\"-1\"/>"
         "</issue>\n</objective></utility_space>",
         WW_UNSUPPORTED, 3, NULL, "negative evaluation"},
        {NULL,
         "<utility_space>\n<objective index=\"0\"><weight index=\"1\" "
         "value=\"1\"/>\n"
         "<issue index=\"1\"><item value=\"red\" evaluation=\"NaN\"/>"
         "</issue>\n</objective></utility_space>",
         WW_PARSE_ERROR, 3, NULL, "expected a finite number"},
        {NULL,
         "<utility_space>\n<objective index=\"0\">\n"
         "<utility maxutility=\"1\">\n<ufun aggregation=\"max\" weight=\"1\">"
         "</ufun></utility>\n</objective></utility_space>",
         WW_UNSUPPORTED, 4, "utility_space/objective/utility/ufun",
         "ufun aggregation \"max\""},
        {NULL,
         "<utility_space>\n<objective index=\"0\">\n"
         "<utility maxutility=\"1\">\n<ufun aggregation=\"sum\">\n"
         "<hyperRectangle><INCLUDES index=\"1\" min=\"0\" max=\"1\"/>"
         "</hyperRectangle></ufun></utility>\n</objective></utility_space>",
         WW_PARSE_ERROR, 5,
         "utility_space/objective/utility/ufun/hyperRectangle",
         "<hyperRectangle> needs a utility= attribute"},
        {NULL,
         "<utility_space>\n<objective index=\"0\">\n"
         "<utility maxutility=\"1\">\n<ufun aggregation=\"sum\">\n"
         "<hyperRectangle utility=\"1\">\n<INCLUDES index=\"1\" min=\"0\" "
         "max=\"1\"/></hyperRectangle></ufun></utility>\n</objective>"
         "</utility_space>",
         WW_UNSUPPORTED, 6, NULL, "bound on discrete issue \"colour\""},
        {NULL,
         "<utility_space>\n<objective index=\"0\">\n"
         "<utility maxutility=\"1\">\n<ufun aggregation=\"sum\">\n"
         "<hyperRectangle utility=\"1\">\n<WITHIN index=\"1\" min=\"0\" "
         "max=\"1\"/></hyperRectangle></ufun></utility>\n</objective>"
         "</utility_space>",
         WW_UNSUPPORTED, 6, NULL,
         "unsupported element <WITHIN> in <hyperRectangle>"},
        {NULL,
         "<utility_space>\n<objective index=\"0\">\n"
         "<utility maxutility=\"0\">\n</utility>\n</objective>"
         "</utility_space>",
         WW_INVALID, 3, NULL, "maxutility must be > 0"},
        {NULL,
         "<utility_space type=\"nonlinear\">\n<objective index=\"0\">\n"
         "</objective></utility_space>",
         WW_PARSE_ERROR, 1, NULL, "without <utility>"},
        {NULL, "<utility_space>\n<reservation/>\n</utility_space>",
         WW_INVALID, 1, NULL, "no <issue index=\"1\">"},
        /* Java's parsers refuse hexadecimal; strtod read it */
        {NULL,
         "<utility_space>\n<objective index=\"0\"><weight index=\"1\" "
         "value=\"1\"/>\n"
         "<issue index=\"1\"><item value=\"red\" evaluation=\"0x10\"/>"
         "</issue>\n</objective></utility_space>",
         WW_PARSE_ERROR, 3, NULL, "expected a finite number"},
        /* a nonlinear profile for another domain (ANAC 2014's 10issues
         * profile against 30issues was imported without a word) */
        {NULL,
         "<utility_space type=\"nonlinear\">\n<objective index=\"0\">\n"
         "<issue index=\"1\" name=\"colour\" type=\"discrete\"/>\n"
         "<utility maxutility=\"1\">\n<ufun aggregation=\"sum\">\n"
         "<hyperRectangle utility=\"1\"/></ufun></utility>\n</objective>"
         "</utility_space>",
         WW_INVALID, 2, NULL, "no <issue index=\"2\">"},
    };
    write_file(TMP "d.xml", DOMAIN_D);
    write_file(TMP "d2.xml", PROF_D2);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const badcase *k = &cases[i];
        const char *dom = TMP "d.xml", *buy = TMP "d2.xml";
        if (k->domain) {
            write_file(TMP "bad_domain.xml", k->domain);
            dom = TMP "bad_domain.xml";
        } else {
            write_file(TMP "bad_profile.xml", k->buyer);
            buy = TMP "bad_profile.xml";
        }
        const char *bad = k->domain ? dom : buy;
        ww_model *m = (ww_model *)&m;
        ww_error err;
        ww_status st = ww_genius_import(dom, buy, TMP "d2.xml", &m, &err);
        if (st != k->status || m || err.line != k->line ||
            strcmp(err.file, bad) != 0 || !strstr(err.message, k->message) ||
            (k->path && strcmp(err.path, k->path) != 0) ||
            (k->line > 0 && err.column <= 0))
            fail_msg("case %zu: got %d \"%s\" (path %s); want %d line %d "
                     "~\"%s\"",
                     i, st, err.text, err.path, k->status, k->line,
                     k->message);
    }
    /* A reservation without its value is a missing attribute. */
    char *text = malloc(strlen(PROF_D1) + 1);
    strcpy(text, PROF_D1);
    memcpy(strstr(text, "<reservation value=\"0.25\"/>"),
           "<reservation            />", 26);
    write_file(TMP "bad_profile.xml", text);
    free(text);
    ww_model *m;
    ww_error err;
    assert_int_equal(ww_genius_import(TMP "d.xml", TMP "bad_profile.xml",
                                      TMP "d2.xml", &m, &err),
                     WW_PARSE_ERROR);
    assert_int_equal(err.line, 15);
    assert_non_null(strstr(err.message, "<reservation> needs a value="));
    /* the same profile for both parties is fine */
    assert_int_equal(ww_genius_import(TMP "d.xml", TMP "d2.xml",
                                      TMP "d2.xml", &m, &err),
                     WW_OK);
    ww_model_free(m);
    assert_int_equal(ww_genius_import(NULL, TMP "d2.xml", TMP "d2.xml", &m,
                                      &err),
                     WW_MISUSE);
    assert_null(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear_files),
        cmocka_unit_test(test_nonlinear_files),
        cmocka_unit_test(test_nonlinear_maxutility),
        cmocka_unit_test(test_linear_large_weight),
        cmocka_unit_test(test_rectangles_too_large),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_corpus_known),
        cmocka_unit_test(test_corpus_unsupported),
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
