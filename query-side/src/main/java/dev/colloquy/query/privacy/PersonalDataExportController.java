package dev.colloquy.query.privacy;

import dev.colloquy.kernel.Caller;
import dev.colloquy.kernel.error.ColloquyException;
import dev.colloquy.kernel.privacy.PersonalDataExported;
import dev.colloquy.kernel.query.AccountProfile;
import dev.colloquy.kernel.query.FindAccountProfile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own data as a download, JSON or CSV; never anyone else's, so there is no user parameter. */
@RestController
public class PersonalDataExportController {
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final PersonalDataQueries data;
    private final QueryGateway queries;
    private final EventGateway events;
    private final Clock clock;

    public PersonalDataExportController(PersonalDataQueries data, QueryGateway queries, EventGateway events,
                                        Clock clock) {
        this.data = data;
        this.queries = queries;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping("/api/v1/privacy/export")
    public ResponseEntity<?> export(Caller caller, @RequestParam(defaultValue = "json") String format) {
        if (!format.equals("csv") && !format.equals("json")) {
            throw ColloquyException.invalid("format", "format must be json or csv");
        }
        AccountProfile account = queries.query(new FindAccountProfile(caller.tenantId(), caller.userId()),
                ResponseTypes.optionalInstanceOf(AccountProfile.class)).join().orElse(null);
        Instant now = clock.instant();
        PersonalDataExport export = new PersonalDataExport(PersonalDataExport.SCHEMA, now, account,
                data.conversations(caller.tenantId(), caller.userId()), data.usage(caller.tenantId(), caller.userId()),
                data.abuse(caller.tenantId(), caller.userId()), data.documents(caller.tenantId(), caller.userId()));
        events.publish(new PersonalDataExported(caller.userId(), caller.tenantId(), format));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("colloquy-export-" + now.atOffset(ZoneOffset.UTC)
                        .toLocalDate() + "." + format).build().toString());
        return format.equals("csv")
                ? response.contentType(CSV).body(PersonalDataCsv.render(export))
                : response.contentType(MediaType.APPLICATION_JSON).body(export);
    }
}
