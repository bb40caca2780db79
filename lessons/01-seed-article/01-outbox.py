# The article's first leak, in a mailer. Each step
# queues 20 emails in the outbox, then sends them.
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


# LeakLab calls step(0) ... step(99).
def step(i):
    for k in range(20):
        outbox.append(Email(i))
    send_all()
