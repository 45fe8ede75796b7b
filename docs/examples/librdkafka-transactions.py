# librdkafka's transactional producer against a broker, as a new user would write it.
import sys, uuid
from confluent_kafka import Producer, Consumer, TopicPartition, KafkaException
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap = sys.argv[1]
topic = "rd-txn-" + uuid.uuid4().hex[:8]
admin = AdminClient({"bootstrap.servers": bootstrap})
admin.create_topics([NewTopic(topic, 2, 1)])[topic].result()

p = Producer({"bootstrap.servers": bootstrap, "transactional.id": "rd-" + topic})
p.init_transactions(10)
p.begin_transaction()
for i in range(5):
    p.produce(topic, key=str(i), value="committed-%d" % i, partition=i % 2)
p.commit_transaction(10)
p.begin_transaction()
for i in range(3):
    p.produce(topic, key=str(i), value="aborted-%d" % i, partition=i % 2)
p.flush(10)
p.abort_transaction(10)
p.begin_transaction()
p.produce(topic, key="x", value="committed-last", partition=0)
p.commit_transaction(10)

# A second instance with the same transactional id fences the first.
p2 = Producer({"bootstrap.servers": bootstrap, "transactional.id": "rd-" + topic})
p2.init_transactions(10)
try:
    p.begin_transaction()
    p.produce(topic, value="zombie", partition=0)
    p.commit_transaction(10)
    fenced = False
except KafkaException as e:
    fenced = e.args[0].fatal() or "fenced" in str(e).lower()
print("first instance fenced:", fenced)

def read(isolation):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "g-" + uuid.uuid4().hex[:6],
                  "auto.offset.reset": "earliest", "isolation.level": isolation, "enable.auto.commit": False})
    c.assign([TopicPartition(topic, 0, 0), TopicPartition(topic, 1, 0)])
    values, idle = [], 0
    while idle < 5:
        m = c.poll(1.0)
        if m is None:
            idle += 1
            continue
        if m.error():
            continue
        values.append(m.value().decode())
    c.close()
    return sorted(values)

print("read_committed:", read("read_committed"))
print("read_uncommitted:", read("read_uncommitted"))
