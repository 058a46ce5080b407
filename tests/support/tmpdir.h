/* Scratch folders for tests (linked into every test binary). */
#ifndef EKSIM_TESTS_TMPDIR_H
#define EKSIM_TESTS_TMPDIR_H

/* Removes @path and, if it is a folder (not a symbolic link), everything below it. Missing
 * paths are fine; errors are ignored (scratch space only). */
void test_remove_tree(const char *path);

#endif
