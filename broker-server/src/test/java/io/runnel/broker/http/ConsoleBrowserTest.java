package io.runnel.broker.http;

import io.runnel.broker.EmbeddedBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console in a real browser: headless Chromium (Debian's) driven by Selenium against an embedded broker,
 * with kafka-clients producing and consuming. Each test takes screenshots into {@code target/console-screenshots/}
 * (docs/console.md shows them). Where no Chromium is installed the tests are skipped, saying so; .ci/run installs
 * it, so CI runs them.
 */
class ConsoleBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedBroker broker;
    private static HeadlessChromium chromium;
    private static WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        String missing = HeadlessChromium.missing();
        assumeTrue(missing == null, missing);
        broker = EmbeddedBroker.start();
        chromium = new HeadlessChromium(1280, 900);
        driver = chromium.driver();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    private static void produce(String topic, int partitions, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = from; i < from + count; i++) {
                String value = i == 17 ? "{\"user\":\"ada\",\"action\":\"needle-click\",\"n\":17}"
                        : "{\"user\":\"u" + (i % 5) + "\",\"action\":\"click\",\"n\":" + i + "}";
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, i % partitions, "user-" + (i % 5), value);
                r.headers().add("source", ("web-" + (i % 2)).getBytes(StandardCharsets.UTF_8));
                producer.send(r).get();
            }
        }
    }

    private static void open(String hash) {
        driver.get(broker.httpUrl() + "/" + hash);
    }

    private static WebElement visible(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void waitForText(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private static int rows(By table) {
        return driver.findElements(new By.ByCssSelector(cssOf(table) + " tbody tr")).size();
    }

    private static String cssOf(By by) {
        String s = by.toString();
        return "#" + s.substring(s.indexOf(':') + 1).trim();
    }

    /** No script error was logged by the page since the last call. */
    private static void assertNoScriptErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void overviewShowsTheBrokerAndDrawsLiveTraffic() throws Exception {
        broker.broker().logs().createTopic("overview-traffic", 3, Map.of());
        open("#/");
        visible(By.id("overview-cards"));
        waitForText(By.id("overview-cards"), broker.bootstrapServers());
        waitForText(By.id("overview-cards"), "Uptime");
        Thread producing = new Thread(() -> {
            try {
                produce("overview-traffic", 3, 0, 300);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        producing.start();
        producing.join(60_000);
        // The charts need two readings (one poll apart) to draw a rate; the legend appears with the first point.
        new WebDriverWait(driver, WAIT).until(d -> !d.findElements(By.cssSelector(".chart .legend span")).isEmpty());
        chromium.screenshot("overview");
        assertNoScriptErrors();
    }

    @Test
    void createsATopicThenBrowsesSearchesAndTailsIt() throws Exception {
        open("#/topics");
        visible(By.id("create-topic-name")).sendKeys("clicks");
        WebElement partitions = driver.findElement(By.id("create-topic-partitions"));
        partitions.clear();
        partitions.sendKeys("3");
        driver.findElement(By.id("create-topic-submit")).click();
        waitForText(By.tagName("h1"), "clicks");
        assertEquals(3, broker.broker().logs().registry().get("clicks").partitionCount());

        produce("clicks", 3, 0, 30);
        driver.findElement(By.id("browse-load")).click();
        new WebDriverWait(driver, WAIT).until(d -> rows(By.id("messages-table")) == 30);
        new Select(driver.findElement(By.id("browse-format"))).selectByValue("json");
        waitForText(By.id("messages-table"), "\"action\": \"click\"");
        waitForText(By.id("scan-stats"), "stopped: reached the end");
        chromium.screenshot("topic-messages");

        driver.findElement(By.id("search-q")).sendKeys("needle");
        driver.findElement(By.id("search-submit")).click();
        waitForText(By.id("scan-stats"), "Search for \"needle\" found 1");
        assertEquals(1, rows(By.id("messages-table")));
        assertTrue(driver.findElement(By.id("messages-table")).getText().contains("needle-click"));
        assertTrue(driver.findElement(By.id("scan-stats")).getText().contains("budget"));
        chromium.screenshot("topic-search");

        driver.findElement(By.id("tail-toggle")).click();
        waitForText(By.id("scan-stats"), "Live tail");
        produce("clicks", 3, 100, 3);
        new WebDriverWait(driver, WAIT).until(d -> rows(By.id("messages-table")) == 3);
        waitForText(By.id("scan-stats"), "3 records received");
        chromium.screenshot("topic-tail");
        driver.findElement(By.id("tail-toggle")).click();

        driver.findElement(By.id("tab-partitions")).click();
        waitForText(By.id("partitions-table"), "Latest offset");
        assertNoScriptErrors();
    }

    @Test
    void showsAGroupsLagDropAsItConsumesAndResetsItsOffsets() throws Exception {
        broker.broker().logs().createTopic("payments", 2, Map.of());
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>("payments", i % 2, "k" + i, "payment-" + i)).get();
            }
        }
        consume("ledger", 15);
        open("#/groups");
        waitForText(By.id("groups-table"), "ledger");
        open("#/groups/ledger");
        waitForText(By.id("group-lag-total"), "25");
        waitForText(By.id("group-state"), "Empty");
        chromium.screenshot("group-lagging");

        consume("ledger", 25);
        waitForText(By.id("group-lag-total"), "0");
        new Select(driver.findElement(By.id("reset-topic"))).selectByValue("payments");
        new Select(driver.findElement(By.id("reset-to"))).selectByValue("earliest");
        driver.findElement(By.id("reset-preview")).click();
        waitForText(By.id("reset-result"), "Dry run");
        waitForText(By.id("group-lag-total"), "0");
        chromium.screenshot("group-reset-preview");
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("reset-execute"))).click();
        visible(By.id("confirm-ok")).click();
        waitForText(By.id("reset-result"), "Offsets reset.");
        waitForText(By.id("group-lag-total"), "40");
        chromium.screenshot("group-reset-done");
        assertNoScriptErrors();
    }

    /** Reads {@code count} more records of "payments" as a member of {@code group}, commits, and leaves. */
    private static void consume(String group, int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("payments"));
            int read = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read < count && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                read += records.count();
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
            assertEquals(count, read);
        }
    }

    @Test
    void deletesATopicOnlyAfterItsNameIsTyped() throws Exception {
        broker.broker().logs().createTopic("scratch", 1, Map.of());
        open("#/topics/scratch");
        visible(By.id("delete-topic")).click();
        WebElement ok = visible(By.id("confirm-ok"));
        assertTrue(!ok.isEnabled(), "confirm stays disabled until the name is typed");
        driver.findElement(By.id("confirm-input")).sendKeys("scratch");
        ok.click();
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().endsWith("#/topics"));
        new WebDriverWait(driver, WAIT).until(d -> broker.broker().logs().registry().get("scratch") == null);
        assertNull(broker.broker().logs().registry().get("scratch"));
        assertNoScriptErrors();
    }

    @Test
    void isUsableOnAPhoneSizedScreen() throws Exception {
        broker.broker().logs().createTopic("mobile", 1, Map.of());
        produce("mobile", 1, 0, 5);
        chromium.resize(390, 844);
        try {
            open("#/topics/mobile");
            new WebDriverWait(driver, WAIT).until(d -> rows(By.id("messages-table")) == 5);
            WebElement load = driver.findElement(By.id("browse-load"));
            assertTrue(load.isDisplayed() && load.getRect().getX() + load.getRect().getWidth() <= 390,
                    "the Load button fits the screen");
            chromium.screenshot("phone-topic");
        } finally {
            chromium.resize(1280, 900);
        }
        assertNoScriptErrors();
    }
}
