/*
 * Echo lab - the functions echo-server.c and echo-client.c share, defined in echo.c.
 */
#ifndef ECHO_H
#define ECHO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The lecture's echo port is 7, which only root may bind: the lab uses 7007 instead. */
#define ECHO_PORT 7007

int open_listenfd(uint16_t port);
int open_clientfd(const char *ip, uint16_t port);
ssize_t send_all(int fd, const void *buf, size_t len);
ssize_t recv_exactly(int fd, void *buf, size_t len);
int handle_client(int connfd);
int parse_port(const char *text, uint16_t *port);

#endif
