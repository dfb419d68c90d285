/* The Genius corpus: every linear domain plus the large nonlinear ones,
 * imported with ww_genius_import and run under the time limit.
 *
 * A directory is one domain when it holds exactly one domain file and at
 * least two profiles; the first two profiles (by name) are buyer and
 * seller.  Files are classified by content, not by name. */
#include "bench.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The nonlinear domains of the benchmark (others are skipped). */
static const char *const nonlinear_set[] = {
    "anac/y2014/10issues", "anac/y2014/30issues", "anac/y2014/50issues",
    "anac/y2014/30issuesDiscounted", "anac/y2014/50issuesDiscounted",
    "anac/y2014/30issuesDiscountedwithRV", "anac/y2014/50issueswithRV",
    "other/S-1NIKFRT-1", "other/S-1NAGUNL-114", NULL};

/* --quick: one small domain of each kind. */
static const char *const quick_set[] = {
    "anac/y2010/Travel", "other/S-1NIKFRT-1", "anac/y2014/10issues", NULL};

enum { F_OTHER, F_DOMAIN, F_LINEAR, F_NONLINEAR };

static int classify(const char *path, const char *base)
{
    if (strstr(base, "pareto") || strncmp(base, "Copy of", 7) == 0)
        return F_OTHER;
    FILE *f = fopen(path, "rb");
    if (!f)
        return F_OTHER;
    size_t cap = 300000;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return F_OTHER;
    }
    size_t n = fread(buf, 1, cap, f);
    buf[n] = '\0';
    fclose(f);
    int kind = F_OTHER;
    if (strstr(buf, "hyperRectangle") || strstr(buf, "<utility "))
        kind = F_NONLINEAR;
    else if (strstr(buf, "<weight") || strstr(buf, "evaluation="))
        kind = F_LINEAR;
    else if (strstr(buf, "<issue"))
        kind = F_DOMAIN;
    free(buf);
    return kind;
}

static int in_set(const char *const *set, const char *rel)
{
    for (int i = 0; set[i]; i++)
        if (strcmp(set[i], rel) == 0)
            return 1;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct dir_files {
    char **names;
    int n, cap;
} dir_files;

static void files_free(dir_files *d)
{
    for (int i = 0; i < d->n; i++)
        free(d->names[i]);
    free(d->names);
}

static void run_domain(const bench_opts *o, bench_cases *cs, const char *rel,
                       const char *dom, const char *buyer, const char *seller,
                       int nonlinear)
{
    char name[128];
    snprintf(name, sizeof name, "genius/%s", rel);
    const char *family = nonlinear ? "genius-nonlinear" : "genius-linear";
    if (o->quick && !in_set(quick_set, rel))
        return;
    if (!bench_selected(o, name, family))
        return;
    bench_case *c = bench_cases_add(cs);
    if (!c)
        return;
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->family, sizeof c->family, "%s", family);
    ww_model *m = NULL;
    ww_error err;
    memset(&err, 0, sizeof err);
    ww_status s = ww_genius_import(dom, buyer, seller, &m, &err);
    if (s != WW_OK) {
        /* Not a benchmark failure: the importer reports its own errors
         * (and may not be there yet). */
        const char *file = strrchr(err.file, '/');
        snprintf(c->errmsg, sizeof c->errmsg, "import skipped: %.60s:%d: %.160s",
                 file ? file + 1 : err.file, err.line,
                 err.message[0] ? err.message : ww_status_str(s));
        for (int q = 0; q < Q_COUNT; q++)
            snprintf(c->q[q].note, sizeof c->q[q].note, "not imported");
    } else {
        bench_run_model(o, m, c);
    }
    ww_model_free(m);
    bench_print_case(stdout, c);
    fflush(stdout);
}

/* Walks dir (path relative to the root: rel) depth first, in name order. */
static void walk(const bench_opts *o, bench_cases *cs, const char *dir,
                 const char *rel)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    dir_files entries = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (entries.n == entries.cap) {
            int cap = entries.cap ? 2 * entries.cap : 32;
            char **v = realloc(entries.names, (size_t)cap * sizeof *v);
            if (!v)
                break;
            entries.names = v;
            entries.cap = cap;
        }
        entries.names[entries.n] = strdup(e->d_name);
        if (entries.names[entries.n])
            entries.n++;
    }
    closedir(d);
    qsort(entries.names, (size_t)entries.n, sizeof *entries.names, cmp_str);

    char *domain = NULL, *prof[2] = {NULL, NULL};
    int ndomain = 0, nprof = 0, nonlinear = 0;
    for (int i = 0; i < entries.n; i++) {
        char path[4096], sub[1024];
        snprintf(path, sizeof path, "%s/%s", dir, entries.names[i]);
        snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "",
                 entries.names[i]);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk(o, cs, path, sub);
            continue;
        }
        size_t len = strlen(entries.names[i]);
        if (len < 4 || strcmp(entries.names[i] + len - 4, ".xml") != 0)
            continue;
        int kind = classify(path, entries.names[i]);
        if (kind == F_DOMAIN) {
            ndomain++;
            free(domain);
            domain = strdup(path);
        } else if (kind == F_LINEAR || kind == F_NONLINEAR) {
            if (kind == F_NONLINEAR)
                nonlinear = 1;
            if (nprof < 2)
                prof[nprof] = strdup(path);
            nprof++;
        }
    }
    if (ndomain == 1 && nprof >= 2 && domain && prof[0] && prof[1] &&
        (!nonlinear || in_set(nonlinear_set, rel)))
        run_domain(o, cs, rel, domain, prof[0], prof[1], nonlinear);
    free(domain);
    free(prof[0]);
    free(prof[1]);
    files_free(&entries);
}

void bench_genius(const bench_opts *o, bench_cases *cs)
{
    struct stat st;
    if (!o->genius_dir)
        return;
    if (stat(o->genius_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "winwin-bench: no Genius corpus at %s (skipped)\n",
                o->genius_dir);
        return;
    }
    walk(o, cs, o->genius_dir, "");
}
