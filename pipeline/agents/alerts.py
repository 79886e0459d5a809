"""articles.enriched → match every subscription → alerts.<name>.

Exactly one alert per (subscription, article) across replays, re-feeds and
restarts: the alert id is deterministic, an alert is sent only when its id is
not yet on the topic (pipeline.alerts.log), and the article's offset is
committed only after Kafka acknowledged the alert."""

from __future__ import annotations

import logging
import time
from typing import Any

from pydantic import ValidationError

from pipeline.agents.deadletter import send_dead_letter
from pipeline.alerts.log import AlertLog
from pipeline.alerts.matcher import SubscriptionIndex, alert_id, build_alert
from pipeline.alerts.store import SubscriptionFollower
from pipeline.clients import aiokafka_security
from pipeline.models.enriched import EnrichedArticle

log = logging.getLogger(__name__)


def register(app: Any, ctx: Any) -> Any:
    index = SubscriptionIndex()
    follower = SubscriptionFollower(ctx.settings, index)
    alert_log = AlertLog(ctx.settings.bootstrap_list, aiokafka_security(ctx.settings))
    ctx.subscriptions = index
    topics: dict[str, Any] = {}

    @app.task
    async def follow_subscriptions() -> None:
        await follower.run()

    def alert_topics() -> list[str]:
        return [ctx.names.alerts(name) for name in index.names()]

    @app.agent(ctx.enriched_topic, name="alerts", concurrency=1)
    async def alerts(stream: Any) -> None:
        await follower.ready.wait()
        await alert_log.start()
        generation = None
        try:
            async for event in stream.events():
                ctx.metrics.messages_in.labels("alerts").inc()
                current = getattr(app, "consumer_generation_id", None)
                if current != generation:
                    # after a start or a rebalance: learn what other workers sent
                    await alert_log.catch_up(alert_topics())
                    generation = current
                try:
                    article = EnrichedArticle.model_validate_json(event.value)
                except ValidationError:
                    continue  # the index agent dead-letters it; one letter is enough
                try:
                    await _deliver(article)
                except Exception as exc:
                    log.exception("alert matching failed for article %s", article.id)
                    await send_dead_letter(
                        ctx,
                        event.message,
                        event.value,
                        stage="alerts",
                        error=f"alert matching failed: {type(exc).__name__}: {exc}",
                        error_type="alerts_error",
                        article_id=article.id,
                    )
        finally:
            await alert_log.stop()

    async def _deliver(article: EnrichedArticle) -> None:
        started = time.perf_counter()
        matches = index.match(article)
        ctx.metrics.alert_match_seconds.observe(time.perf_counter() - started)
        for match in matches:
            name = match.subscription.name
            key = alert_id(name, article.id)
            if key in alert_log.sent:
                ctx.metrics.alerts.labels("duplicate_suppressed").inc()
                continue
            alert = build_alert(match, article)
            topic = topics.get(name)
            if topic is None:
                topic = topics[name] = ctx.topic(ctx.names.alerts(name))
            delivery = await topic.send(
                key=article.id.encode(), value=alert.model_dump_json().encode()
            )
            await delivery  # acknowledged by Kafka before we count it as sent
            alert_log.sent.add(key)
            ctx.metrics.alerts.labels("sent").inc()
            ctx.metrics.messages_out.labels("alerts").inc()
            log.info("alert %s for %s on %s", alert.id, article.id, name)

    return alerts
