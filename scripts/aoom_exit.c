// SPDX-License-Identifier: GPL-2.0
/*
 * A GNU make plugin for 'make run': $(aoom-run COMMAND) runs COMMAND with
 * make's own terminal and, when it fails, ends make with COMMAND's exit
 * status.  GNU make itself only ever exits 0, 1 or 2, so without this a
 * guest command's 'exit 3' would reach the caller as 2.
 *
 * $(aoom-setenv NAME,VALUE) puts VALUE into the environment COMMAND will
 * see, as it is: 'make run' hands its variables to run.sh that way, never
 * through a shell that would read them again.  make itself
 * exports variables only to the commands it starts, and COMMAND is
 * started here, from make's own process.
 *
 * Built and loaded by the top-level Makefile (load directive, GNU make 4.0
 * or later); where it cannot be, 'make run' exits 2 on any failure.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <gnumake.h>

int plugin_is_GPL_compatible;

static char *aoom_run(const char *name, unsigned int argc, char **argv)
{
	int status;

	(void)name;
	(void)argc;
	fflush(NULL);
	status = system(argv[0]);
	if (status == -1) {
		perror("make: aoom-run");
		exit(2);
	}
	/* A command killed by a signal ends make by the same signal. */
	if (WIFSIGNALED(status)) {
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
		exit(128 + WTERMSIG(status));
	}
	if (WEXITSTATUS(status))
		exit(WEXITSTATUS(status));
	/*
	 * Success: the recipe line becomes the shell's no-op, so that make
	 * does not add "Nothing to be done" after the command's last line.
	 */
	return strcpy(gmk_alloc(2), ":");
}

static char *aoom_setenv(const char *name, unsigned int argc, char **argv)
{
	(void)name;
	(void)argc;
	if (setenv(argv[0], argv[1], 1)) {
		perror("make: aoom-setenv");
		exit(2);
	}
	return NULL;
}

int aoom_exit_gmk_setup(const gmk_floc *floc)
{
	(void)floc;
	gmk_add_function("aoom-run", aoom_run, 1, 1, GMK_FUNC_DEFAULT);
	gmk_add_function("aoom-setenv", aoom_setenv, 2, 2, GMK_FUNC_DEFAULT);
	return 1;
}
