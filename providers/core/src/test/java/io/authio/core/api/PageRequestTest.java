package io.authio.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.authio.core.DomainException;

class PageRequestTest {

    private record Row(long at, String id) {
    }

    private static Cursor position(Row r) {
        return new Cursor(r.at(), r.id());
    }

    @Test
    void absentParametersAskForTheFirstPageOfTheDefaultSize() {
        PageRequest page = PageRequest.parse(null, "", 50, 500);
        assertEquals(50, page.limit());
        assertNull(page.after());
        assertEquals(51, page.fetchSize());
        assertEquals("", page.keysetCondition("e.at", "e.id"));
        assertTrue(page.parameters().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "-1", "ten", "1.5", "99999999999"})
    void aLimitOutsideItsBoundsIsABadRequestNamingIt(String limit) {
        DomainException e = assertThrows(DomainException.class, () -> PageRequest.parse(limit, null, 50, 500));
        assertEquals(DomainException.Kind.INVALID, e.kind());
        assertTrue(e.description().startsWith("limit must be"), e.description());
    }

    @Test
    void aDamagedCursorIsABadRequest() {
        assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> PageRequest.parse("10", "!!", 50, 500)).kind());
    }

    @Test
    void aCursorSelectsTheRowsAfterItInNewestFirstOrder() {
        Cursor c = new Cursor(1_700_000_000_000L, "01a20575-558c-7326-974e-97ef1373a334");
        PageRequest page = PageRequest.parse("10", c.encode(), 50, 500);
        assertEquals(c, page.after());
        assertEquals(" and (e.at < :pageAt or (e.at = :pageAt and e.id < :pageId))", page.keysetCondition("e.at", "e.id"));
        assertEquals(Map.of("pageAt", c.sortKey(), "pageId", c.id()), page.parameters());
        assertEquals(Map.of("pageAt", c.sortKey(), "pageId", "dsr_" + c.id()), page.parameters(id -> "dsr_" + id));
    }

    @Test
    void aFullFetchIsCutToTheLimitAndPointsAtItsLastRow() {
        List<Row> fetched = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fetched.add(new Row(100 - i, "id" + i));
        }
        Page<Row> page = PageRequest.first(3).page(fetched, PageRequestTest::position);
        assertEquals(fetched.subList(0, 3), page.rows());
        assertEquals(new Cursor(98, "id2"), page.next());
    }

    @Test
    void aShortFetchIsTheLastPage() {
        List<Row> fetched = List.of(new Row(5, "a"), new Row(4, "b"), new Row(3, "c"));
        Page<Row> page = PageRequest.first(3).page(fetched, PageRequestTest::position);
        assertEquals(fetched, page.rows());
        assertNull(page.next());
        assertNull(PageRequest.first(3).page(List.<Row>of(), PageRequestTest::position).next());
    }

    @Test
    void theBodyHoldsDataAndTheNextCursorAlways() {
        Page<Row> last = new Page<>(List.of(new Row(1, "a")), null);
        Map<String, Object> body = last.body(Row::id);
        assertEquals(List.of("data", "next_cursor"), List.copyOf(body.keySet()));
        assertEquals(List.of("a"), body.get("data"));
        assertTrue(body.containsKey("next_cursor"));
        assertNull(body.get("next_cursor"));
        Cursor next = new Cursor(1, "a");
        assertEquals(next, Cursor.decode((String) new Page<>(List.of(new Row(1, "a")), next).body(Row::id).get("next_cursor")));
    }

    @Test
    void walkingPagesVisitsEveryRowOnce() {
        List<Row> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(new Row(1000 - (i / 3), String.format("%02d", 99 - i))); // equal sort keys, ids break ties
        }
        List<Row> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(4);
        while (true) {
            PageRequest r = request;
            List<Row> fetched = all.stream().filter(row -> r.after() == null || row.at() < r.after().sortKey()
                    || (row.at() == r.after().sortKey() && row.id().compareTo(r.after().id()) < 0)).limit(r.fetchSize()).toList();
            Page<Row> page = r.page(fetched, PageRequestTest::position);
            seen.addAll(page.rows());
            if (page.next() == null) {
                break;
            }
            request = r.after(page.next());
        }
        assertEquals(all, seen);
    }
}
