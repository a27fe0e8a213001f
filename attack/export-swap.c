#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/fs.h>
#define N 3000
int main(void){ mkdir("/race",0755); char a[64],b[64];
 for(int i=0;i<N;i++){ snprintf(a,64,"/race/t%04d",i); int fd=open(a,O_CREAT|O_WRONLY,0644); write(fd,"x",1); close(fd); snprintf(b,64,"/race/u%04d",i); mkfifo(b,0644);} 
 for(;;) for(int i=0;i<N;i++){ snprintf(a,64,"/race/t%04d",i); snprintf(b,64,"/race/u%04d",i); syscall(SYS_renameat2,AT_FDCWD,a,AT_FDCWD,b,RENAME_EXCHANGE);} }
