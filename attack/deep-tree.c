#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
int main(int c, char **v){int n=atoi(v[1]);chdir("/");for(int i=0;i<n;i++){if(mkdir("d",0755)<0||chdir("d")<0){printf("stopped at %d\n",i);perror("mkdir/chdir");return 1;}}printf("depth %d\n",n);return 0;}
