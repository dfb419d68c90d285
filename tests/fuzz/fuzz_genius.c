/* fuzz_genius.c — libFuzzer harness for the Genius XML importer.
 *
 * One input holds the three files, separated by NUL bytes (which XML cannot
 * contain): DOMAIN \0 BUYER \0 SELLER.  A missing part is an empty file.
 * The parts are handed over as memfd files (/proc/self/fd/N), so no
 * temporary file is left behind.  An import that fails must say why; an
 * imported model must be valid winwin/1 (save, load back identical) and
 * answer ww_best. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "fuzz_model.h"
#include "winwin.h"

static int part_file(const uint8_t *p, size_t n, char path[64])
{
    int fd = memfd_create("ww-fuzz-genius", MFD_CLOEXEC);
    FUZZ_CHECK(fd >= 0, "memfd_create failed");
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, p + done, n - done);
        FUZZ_CHECK(w > 0, "write to memfd failed");
        done += (size_t)w;
    }
    snprintf(path, 64, "/proc/self/fd/%d", fd);
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[3] = {data, data + size, data + size};
    size_t len[3] = {size, 0, 0};
    for (int k = 1; k < 3; k++) {
        const uint8_t *sep = memchr(part[k - 1], '\0', len[k - 1]);
        if (!sep)
            break;
        part[k] = sep + 1;
        len[k] = (size_t)(part[k - 1] + len[k - 1] - part[k]);
        len[k - 1] = (size_t)(sep - part[k - 1]);
    }
    char path[3][64];
    int fd[3];
    for (int k = 0; k < 3; k++)
        fd[k] = part_file(part[k], len[k], path[k]);

    ww_model *m = (ww_model *)1;
    ww_error err;
    ww_status st = ww_genius_import(path[0], path[1], path[2], &m, &err);
    for (int k = 0; k < 3; k++)
        close(fd[k]);
    if (st != WW_OK) {
        FUZZ_CHECK(m == NULL, "failed import left a model");
        FUZZ_CHECK(err.status == st, "err.status %d, returned %d",
                   (int)err.status, (int)st);
        FUZZ_CHECK(memchr(err.text, '\0', sizeof err.text) && err.text[0],
                   "rejection (%s) without a message", ww_status_str(st));
        return 0;
    }
    FUZZ_CHECK(m != NULL, "import returned OK without a model");
    FUZZ_CHECK(ww_model_validate(m) == WW_OK, "imported model invalid: %s",
               ww_errmsg(m));
    fuzz_roundtrip(m);
    fuzz_solve(m, fuzz_hash(data, size));
    ww_model_free(m);
    return 0;
}
