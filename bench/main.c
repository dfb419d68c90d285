/* winwin-bench: times every query on generated models and on the Genius
 * corpus, against two baselines, and checks that all answers agree.
 * Exit status: 0 when everything ran and agreed, 1 otherwise, 2 on a
 * usage error.  Speed is reported, never asserted. */
#include "bench.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#ifndef WW_BENCH_GENIUS_DEFAULT
#define WW_BENCH_GENIUS_DEFAULT "../shared/genius"
#endif

static void usage(FILE *f)
{
    fprintf(f,
        "usage: winwin-bench [options]\n"
        "  --quick            a few small models, one repeat (smoke test)\n"
        "  --seed N           base seed of the generated models (default 1)\n"
        "  --repeats N        timed runs per query, at least (default 5)\n"
        "  --time-limit S     seconds per frontier (default 10; quick 5)\n"
        "  --genius DIR       Genius corpus (default %s)\n"
        "  --no-genius        skip the Genius corpus\n"
        "  --cpu-time         the table shows CPU time (JSON has both)\n"
        "  --no-baselines     time winwin only (no enumeration, no rebuild)\n"
        "  --query Q          only best, frontier, nash, kalai, trades, meso or\n"
        "                     evaluate (implies --no-baselines; for profiling)\n"
        "  --max-points N     stop each frontier after N points (profiling)\n"
        "  --trades-k K       trades change at most K terms (default 2)\n"
        "  --path P           force a method: auto, mip, enum or dp\n"
        "  --only TEXT        only cases whose name or family contains TEXT\n"
        "  --json FILE        write the results as JSON\n"
        "  --svg-prefix P     write P-time-vs-n.svg, P-time-vs-frontier.svg\n"
        "  --help\n", WW_BENCH_GENIUS_DEFAULT);
}

int bench_selected(const bench_opts *o, const char *name, const char *family)
{
    return !o->only || strstr(name, o->only) || strstr(family, o->only);
}

static int parse_num(const char *s, double lo, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo))
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"quick", no_argument, NULL, 'q'},
        {"seed", required_argument, NULL, 's'},
        {"repeats", required_argument, NULL, 'r'},
        {"time-limit", required_argument, NULL, 't'},
        {"genius", required_argument, NULL, 'g'},
        {"no-genius", no_argument, NULL, 'G'},
        {"no-baselines", no_argument, NULL, 'B'},
        {"cpu-time", no_argument, NULL, 'C'},
        {"query", required_argument, NULL, 'Q'},
        {"max-points", required_argument, NULL, 'P'},
        {"trades-k", required_argument, NULL, 'K'},
        {"path", required_argument, NULL, 'T'},
        {"only", required_argument, NULL, 'o'},
        {"json", required_argument, NULL, 'j'},
        {"svg-prefix", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    bench_opts o;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.repeats = -1;
    o.time_limit = -1;
    o.query = -1;
    o.trades_k = 2;
    o.genius_dir = WW_BENCH_GENIUS_DEFAULT;
    int c;
    double v;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'q': o.quick = 1; break;
        case 's':
            if (parse_num(optarg, 0, &v))
                goto bad;
            o.seed = (unsigned long)v;
            break;
        case 'r':
            if (parse_num(optarg, 1, &v))
                goto bad;
            o.repeats = (int)v;
            break;
        case 't':
            if (parse_num(optarg, 0, &v))
                goto bad;
            o.time_limit = v;
            break;
        case 'g': o.genius_dir = optarg; break;
        case 'G': o.genius_dir = NULL; break;
        case 'B': o.no_baselines = 1; break;
        case 'C': o.cpu_table = 1; break;
        case 'Q':
            o.query = -1;
            for (int k = Q_BEST; k < Q_TIMED; k++)
                if (strcmp(optarg, bench_query_names[k]) == 0)
                    o.query = k;
            if (o.query < 0)
                goto bad;
            o.no_baselines = 1;
            break;
        case 'T': {
            static const char *const paths[] = {"auto", "mip", "enum", "dp"};
            int k = 0;
            while (k < 4 && strcmp(optarg, paths[k]))
                k++;
            if (k == 4)
                goto bad;
            o.path = (ww_path)k;
            break;
        }
        case 'P':
            if (parse_num(optarg, 1, &v))
                goto bad;
            o.max_points = (int)v;
            break;
        case 'K':
            if (parse_num(optarg, 0, &v))
                goto bad;
            o.trades_k = (int)v;
            break;
        case 'o': o.only = optarg; break;
        case 'j': o.json_path = optarg; break;
        case 'p': o.svg_prefix = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "winwin-bench: unexpected argument %s\n",
                argv[optind]);
        usage(stderr);
        return 2;
    }
    if (o.repeats < 0)
        o.repeats = o.quick ? 1 : 5;
    if (o.time_limit < 0)
        o.time_limit = o.quick ? 5 : 10;
    if (o.repeats > 1000)
        o.repeats = 1000;

    printf("winwin-bench %s (winwin %s), seed %lu, %d repeats, "
           "time limit %gs%s\n", o.quick ? "--quick" : "", ww_version(),
           o.seed, o.repeats, o.time_limit, o.only ? ", filtered" : "");
    bench_report_cpu(o.cpu_table);
    double load[3];
    if (getloadavg(load, 3) == 3)
        printf("load average %.2f; times are medians of %s time; ratios "
               "use CPU time\n", load[0], o.cpu_table ? "CPU" : "wall-clock");
    printf("TL = stopped by the time limit; inf = infeasible; x/pt = ratio "
           "per frontier point; agree = vs enum / vs rebuild; (c) = "
           "winwin's GLPK loop\n\n");
    bench_print_header(stdout);

    bench_cases cs = {0};
    bench_synthetic(&o, &cs);
    bench_genius(&o, &cs);
    ww_thread_cleanup();

    bench_print_summary(stdout, &o, &cs);
    int rc = 0;
    for (int i = 0; i < cs.n; i++)
        if (cs.v[i].error || bench_case_disagrees(&cs.v[i]))
            rc = 1;
    if (o.json_path && bench_write_json(o.json_path, &o, &cs)) {
        fprintf(stderr, "winwin-bench: cannot write %s\n", o.json_path);
        rc = 1;
    }
    if (o.svg_prefix && bench_write_svg(o.svg_prefix, &cs)) {
        fprintf(stderr, "winwin-bench: cannot write %s-*.svg\n", o.svg_prefix);
        rc = 1;
    }
    bench_cases_free(&cs);
    return rc;

bad:
    fprintf(stderr, "winwin-bench: bad value '%s'\n", optarg);
    usage(stderr);
    return 2;
}
