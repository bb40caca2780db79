# tracemalloc, as in the article: start it, run,
# take a snapshot, and print the busiest lines.
import tracemalloc

tracemalloc.start()


class Email:
    def __init__(self, batch):
        self.batch = batch  # the step that queued it
        self.sent = False


outbox = []
sent = 0  # emails handed to the mail server


def send_all():
    global sent
    for email in outbox:
        if email.sent:
            continue  # sent at an earlier step
        email.sent = True
        sent += 1


def step(i):
    for k in range(20):
        outbox.append(Email(i))
    send_all()


def teardown():
    snapshot = tracemalloc.take_snapshot()
    # Only this file's lines: tracemalloc traces the
    # whole process, LeakLab's own code included.
    mine = tracemalloc.Filter(True, __file__)
    snapshot = snapshot.filter_traces([mine])
    for stat in snapshot.statistics("lineno")[:3]:
        print(stat)
    print(f"emails sent: {sent:,}")
