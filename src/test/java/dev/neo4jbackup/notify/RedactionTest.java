package dev.neo4jbackup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What of a URL reaches a log line: scheme, host and port; the path, query and user info never. */
class RedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            slack's token in the path   | https://hooks.slack.com/services/T000/B000/XXXXSECRET | https://hooks.slack.com/***
            healthchecks' uuid          | https://hc-ping.com/8f1c7e2a-1111-2222-3333-444455556666/fail | https://hc-ping.com/***
            a token in the query        | https://ntfy.example.com/alerts?auth=SECRET          | https://ntfy.example.com/***
            user info                   | https://user:SECRET@hooks.example.com/x               | https://***@hooks.example.com/***
            user info and no path       | http://user:SECRET@10.0.0.5:8080                      | http://***@10.0.0.5:8080
            a port and no path          | http://127.0.0.1:8080                                 | http://127.0.0.1:8080
            a bare root                 | http://127.0.0.1:8080/                                | http://127.0.0.1:8080/
            inside a sentence           | sent to https://hc-ping.com/abc/start (attempt 1).    | sent to https://hc-ping.com/*** (attempt 1).
            two URLs                    | a http://a.example/t1, b https://b.example/t2        | a http://a.example/***, b https://b.example/***
            no URL                      | nothing to hide here                                  | nothing to hide here
            upper-case scheme           | HTTPS://HOOKS.EXAMPLE.COM/SECRET                      | HTTPS://HOOKS.EXAMPLE.COM/***
            """)
    void redacts(String what, String text, String expected) {
        assertThat(Redaction.redact(text)).isEqualTo(expected).doesNotContain("SECRET");
    }
}
