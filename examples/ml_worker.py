"""The ML service's message consumption (seed 004, "20-30 lines"): reads jobs from Kafka with the
env the platform writes, runs the model, publishes the result. Retries, the dead-letter topic,
commits after the work, SIGTERM and the liveness probe come from kafka_platform."""

from __future__ import annotations

import logging
import os

from kafka_platform import Delivery, Envelope, HealthServer, kafka_queue_from_env, run_until_signal


def predict(features: list[float]) -> dict[str, float]:
    """Stands in for the model: the business logic that stays as it is."""
    score = sum(w * x for w, x in zip((0.4, 0.3, 0.2, 0.1), features, strict=False))
    return {"score": round(score, 6)}


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    queue = kafka_queue_from_env()  # KAFKA_* from the platform's ConfigMap and Secret
    jobs, results = (
        os.environ.get("ML_JOBS_TOPIC", "ml.jobs"),
        os.environ.get("ML_RESULTS_TOPIC", "ml.results"),
    )

    def handle(job: Envelope, delivery: Delivery) -> None:
        result = predict(job.data["features"])
        queue.publish(results, {"job": job.id, **result}, id=job.id, key=delivery.key)

    subscription = queue.subscribe(jobs, handle, from_beginning=True)
    health = HealthServer([subscription], port=int(os.environ.get("HEALTH_PORT", "8080")))
    run_until_signal(queue, [subscription])
    health.close()


if __name__ == "__main__":
    main()
