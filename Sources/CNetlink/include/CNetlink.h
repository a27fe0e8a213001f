// CNetlink: what ctrsh's Swift netlink code needs from C, and nothing else.
//
//  1. The kernel's own rtnetlink declarations (message headers, message
//     types, flags, attribute numbers), so that Swift builds requests from
//     the kernel's definitions rather than from copied numbers.
//  2. ctr_socket_in_netns(): a socket created inside another network
//     namespace (see netns_socket.c for why a short-lived child does it).
// Every symbol of ours is prefixed ctr_ / CTR_.
#ifndef CTR_CNETLINK_H
#define CTR_CNETLINK_H

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

/// struct nlmsgerr's header flags: the request was not echoed back
/// (NETLINK_CAP_ACK), and extended-ack attributes follow.
#define CTR_NLM_F_CAPPED 0x100
#define CTR_NLM_F_ACK_TLVS 0x200

/// linux/if.h's IFF_LOWER_UP (the link has carrier); that header clashes
/// with glibc's <net/if.h>, which lacks it.
#define CTR_IFF_LOWER_UP 0x10000

/// <net/if_arp.h>'s ARPHRD_LOOPBACK: ifinfomsg.ifi_type of a loopback.
#define CTR_ARPHRD_LOOPBACK 772

/// Opens socket(domain, type, protocol) inside the network namespace
/// `netns_fd` refers to (an open /proc/PID/ns/net), without moving any
/// thread of the calling process into it. Returns the descriptor
/// (close-on-exec), or -1 with errno (setns's or socket's, as the child
/// met it).
int ctr_socket_in_netns(int netns_fd, int domain, int type, int protocol);

#endif
