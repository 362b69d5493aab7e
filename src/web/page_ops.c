/* page_ops.c - for operators' machines, not people: /healthz (does the
 * database answer?) and /metrics (Prometheus text, to allowed addresses
 * only). Both skip the page cache and, when all is well, the access log
 * (ROUTE_OPS). */
#include <stdio.h>
#include <string.h>

#include "app_mail.h"
#include "metrics.h"
#include "netaddr.h"
#include "pages.h"

int
page_healthz(struct req *rq, struct resp *rs)
{
	struct app_msg msg = {{0}};

	rs->content_type = "text/plain; charset=utf-8";
	if (app_health(rq->app, &msg) != 0) {
		/* The reason goes to the server's log, not to whoever asks. */
		fprintf(stderr, "s3pm: /healthz: %s\n", msg.text);
		rs->status = 503;
		return buf_puts(&rs->body, "unavailable\n");
	}
	return buf_puts(&rs->body, "ok\n");
}

int
page_metrics(struct req *rq, struct resp *rs)
{
	struct actor sys = app_system_actor();
	size_t counts[4];
	long long queued = -1;

	/* Not there for anybody else: a request relayed by a proxy that is
	 * not trusted comes from that proxy's address, which says nothing
	 * about who asked. */
	if (rq->proxied || !netlist_has(rq->app->metrics_allow, rq->remote_addr))
		return APP_ENOTFOUND;
	if (app_mail_counts(rq->app, &sys, counts) == 0)
		queued = (long long)(counts[MAIL_QUEUED] + counts[MAIL_SENDING]);
	rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return metrics_render(&rs->body, queued);
}
