"""bench/run.py's bookkeeping of the checkout row's requests."""

from bench.run import drop_sent


def test_each_wrk_run_starts_after_the_checkouts_the_last_one_sent(tmp_path):
    requests = tmp_path / "checkouts.tsv"
    requests.write_text("".join(f"POST\t/api/v1/orders/\ttoken{n}\tkey{n}\t{{}}\n" for n in range(5)))

    drop_sent(requests, 2)
    assert [line.split("\t")[2] for line in requests.read_text().splitlines()] == [
        "token2",
        "token3",
        "token4",
    ]

    drop_sent(requests, 7)
    assert requests.read_text() == ""
