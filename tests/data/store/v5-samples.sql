-- A version-5 database with data, as dmarc-ingest wrote it before
-- migration 6: samples/maildir ingested by the dmarc-ingest of commit
-- 7a4fe00 (schema version 5), then `sqlite3 DB .dump` (paths shortened to
-- samples/maildir).  The fixture of tests/integration/1006-report-identity.sh,
-- which migrates it with today's dmarc-ingest.  .dump leaves out the
-- header's pragmas: they are the last lines.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE messages (
	id		INTEGER PRIMARY KEY,
	source_key	TEXT NOT NULL,		-- Maildir unique name, or the path of a bare file
	path		TEXT NOT NULL,		-- where it was read from
	sha256		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	message_id	TEXT,			-- Message-ID header, when there is one
	subject		TEXT,			-- decoded Subject (diagnostics only)
	outcome		TEXT NOT NULL CHECK (outcome IN
			    ('stored','duplicate','conflict','not_report','rejected')),
	reason		TEXT,			-- reason id (util/reasons.def) when not stored
	detail		TEXT,			-- one-line detail
	reports		INTEGER NOT NULL DEFAULT 0,	-- reports newly stored from it
	filed_to	TEXT,			-- where the file was moved after commit (NULL: left)
	ingested_at	INTEGER NOT NULL
);
INSERT INTO messages VALUES(1,'1794268800.M01P1001.mx.example.com','samples/maildir/new/1794268800.M01P1001.mx.example.com','7d0f4c12ec2ac896d3b901a8f52ce27d77e962fe94193ea391f05aa15e757f00',1538,'4917052399541683290@google.com','Report domain: example.com Submitter: google.com Report-ID: 4917052399541683290','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(2,'1794355300.M03P1003.mx.example.com','samples/maildir/new/1794355300.M03P1003.mx.example.com','74cd6baf24ea8dd104262a2b6928b2253b26495e311494e962fba30de412f210',1586,'1794355300.601234@dmarc.yahoo.com','Report Domain: example.com Submitter: yahoo.com Report-ID: <1794268800.601234>','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(3,'1794355500.M04P1004.mx.example.com','samples/maildir/new/1794355500.M04P1004.mx.example.com','006c8dcd75c218249ecb2397a9c08a6003f91cd4219a039ef06a40980a9ed8f4',1210,'21897493826151230101@mail.ru','Report Domain: example.net; Submitter: Mail.Ru; Report-ID: 21897493826151230101','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(4,'1794356100.M05P1005.mx.example.com','samples/maildir/new/1794356100.M05P1005.mx.example.com','676f2cab23c440b47cd39ea6e8c04c348ae5087c8dba53c35bf6b8f5deec8581',1447,'6f1f2a9c-8b0e-4c3d-9e2f-5a4b3c2d1e0f@email.amazonses.com','Dmarc Aggregate Report Domain: {example.com} Submitter: {Amazon SES} Date: {2026-11-11} Report-ID: {6f1f2a9c-8b0e-4c3d-9e2f-5a4b3c2d1e0f}','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(5,'1794356700.M06P1006.mx.example.com','samples/maildir/new/1794356700.M06P1006.mx.example.com','e77c58424c240fd5e1d93392a6953ee5001d93b65c141747caf5df57b239fe1f',1355,'a1b2c3d4e5f60718293a4b5c6d7e8f90@zoho.com','Report Domain: example.org Submitter: zoho.com Report-ID: <a1b2c3d4e5f60718293a4b5c6d7e8f90>','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(6,'1794356800.M07P1007.mx.example.com','samples/maildir/new/1794356800.M07P1007.mx.example.com','9411ff588d4cd9516c869a935ea18101c51e23dba7f018769291dda2d4f71eeb',1727,'rpt-0007@reports.example.net','Report Domain: example.com Submitter: reports.example.net Report-ID: rpt-2026-11-11-0007','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(7,'1794441660.M08P1008.mx.example.com','samples/maildir/new/1794441660.M08P1008.mx.example.com','86567a8c15a79794cb474dbd70e11bf9b5f5d841d29c45e5d94ffaea59e1548e',2695,'mx1.example.org-1794441600@mx1.example.org','Report Domain: example.com Submitter: mx1.example.org Report-ID: <mx1.example.org-1794441600-example.com>','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(8,'1794446100.M09P1009.mx.example.com','samples/maildir/new/1794446100.M09P1009.mx.example.com','185c78ff5532f6f2c04c08db741a58d2d402fbd298d9292a5b77bf6bf03a9108',2045,'fwd-09@example.net','Fwd: Report Domain: example.net Submitter: fastmail.com','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(9,'1794614700.M10P1010.mx.example.com','samples/maildir/new/1794614700.M10P1010.mx.example.com','8fb51b80e2f6cdf11899e5bf2d86115039a04e284f99a131c35615a17fa86786',2205,'two-reports-10@xs4all.nl','Report Domain: example.com Submitter: xs4all.nl Report-ID: <xs4all.nl-example.com-1794528000>','stored',NULL,NULL,2,'cur',1796530723);
INSERT INTO messages VALUES(10,'1794618000.M11P1011.mx.example.com','samples/maildir/new/1794618000.M11P1011.mx.example.com','9dd59fe0c30deea3d968554fb8c276ba3de20f13f2749273aaefd713c834152d',1544,'7739270066213344519@google.com','Report domain: example.org Submitter: google.com Report-ID: 7739270066213344519','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(11,'1794700800.M12P1012.mx.example.com','samples/maildir/new/1794700800.M12P1012.mx.example.com','c744350811ecb2b42d38ceb99d784b37823ebc65b4a9b3397a19f9584d92a2de',1439,'52fd8a3e1c9b4f6aa0e1d2c3b4a59687@gmx.net','Report Domain: example.com Submitter: gmx.net Report-ID: 52fd8a3e1c9b4f6aa0e1d2c3b4a59687','stored',NULL,NULL,1,'cur',1796530723);
INSERT INTO messages VALUES(12,'1794790000.M13P1013.mx.example.com','samples/maildir/new/1794790000.M13P1013.mx.example.com','001a78838f27ca76c12bd78023b4d8d5c026e0c8683520ba4bb623ad27092168',1570,'1794790000.601234.resend@dmarc.yahoo.com','Report Domain: example.com Submitter: yahoo.com Report-ID: <1794268800.601234>','duplicate',NULL,NULL,0,'cur',1796530723);
INSERT INTO messages VALUES(13,'1794790100.M14P1014.mx.example.com','samples/maildir/new/1794790100.M14P1014.mx.example.com','fdebd804ebe678b360c6f8895267f7cef4f892fa6a7285f55ad1a5107aa4e52e',1212,'21897493826151230101.2@mail.ru','Report Domain: example.net; Submitter: Mail.Ru; Report-ID: 21897493826151230101','conflict',NULL,NULL,0,'cur',1796530723);
INSERT INTO messages VALUES(14,'1794790200.M15P1015.mx.example.com','samples/maildir/new/1794790200.M15P1015.mx.example.com','159b35a5b1f416960a81eaf044aaa40d7b419be1068e017d7f1e1e2b08e0eadf',311,'lunch-15@example.org','Lunch on Friday?','not_report','no-report',NULL,0,NULL,1796530723);
INSERT INTO messages VALUES(15,'1794790300.M16P1016.mx.example.com','samples/maildir/new/1794790300.M16P1016.mx.example.com','7d6050e70e6ba42619d9d3ad9fa06940d62b3ce97f030d18721d6c083b5d04ea',1209,'broken-16@broken.example.net','Report Domain: example.net Submitter: broken.example.net Report-ID: broken-16','rejected','gzip-corrupt','invalid block type',0,'quarantine',1796530723);
INSERT INTO messages VALUES(16,'1794276000.M02P1002.mx.example.com','samples/maildir/cur/1794276000.M02P1002.mx.example.com:2,F','58d594b382ea3921287c8691e325b63822e48e54c1404f3325c5906a5e4dda39',2321,'MS2026111000x.9a6e4a9d@microsoft.com','[Preview] Report Domain: example.org Submitter: protection.outlook.com Report-ID: 9a6e4a9d1c3f4b2e8d7c6b5a49382716','stored',NULL,NULL,1,'cur',1796530723);
CREATE TABLE ingest_log (
	id		INTEGER PRIMARY KEY,
	message		INTEGER NOT NULL REFERENCES messages(id),
	part		TEXT,			-- attachment / member name (untrusted text)
	outcome		TEXT NOT NULL CHECK (outcome IN
			    ('stored','duplicate','conflict','not_report','rejected','warning')),
	reason		TEXT,
	detail		TEXT,
	org_name	TEXT,
	report_id	TEXT,
	report		INTEGER REFERENCES reports(id)	-- the stored (or earlier) report
);
INSERT INTO ingest_log VALUES(1,1,'google.com!example.com!1794182400!1794268799.zip/google.com!example.com!1794182400!1794268799.xml','stored',NULL,NULL,'google.com','4917052399541683290',1);
INSERT INTO ingest_log VALUES(2,2,'yahoo.com!example.com!1794268800!1794355199.xml.gz','stored',NULL,NULL,'Yahoo','1794268800.601234',2);
INSERT INTO ingest_log VALUES(3,3,'','stored',NULL,NULL,'Mail.Ru','21897493826151230101',3);
INSERT INTO ingest_log VALUES(4,4,'amazonses.com!example.com!1794355200!1794441600.xml.gz','stored',NULL,NULL,'AMAZON-SES','6f1f2a9c-8b0e-4c3d-9e2f-5a4b3c2d1e0f',4);
INSERT INTO ingest_log VALUES(5,5,'zoho.com!example.org!1794355200!1794441599.xml.gz','stored',NULL,NULL,'zoho.com','a1b2c3d4e5f60718293a4b5c6d7e8f90',5);
INSERT INTO ingest_log VALUES(6,6,'reports.example.net!example.com!1794355200!1794441600.zip/reports.example.net!example.com!1794355200!1794441600.xml','stored',NULL,NULL,'reports.example.net','rpt-2026-11-11-0007',6);
INSERT INTO ingest_log VALUES(7,7,'mx1.example.org!example.com!1794441600!1794527999.xml','stored',NULL,NULL,'mx1.example.org','mx1.example.org-1794441600-example.com',7);
INSERT INTO ingest_log VALUES(8,8,'fastmail.com!example.net!1794441600!1794527999!1794441600000123.xml.gz','stored',NULL,NULL,'Fastmail Pty Ltd','1794441600000123',8);
INSERT INTO ingest_log VALUES(9,9,'xs4all.nl!example.com!1794528000!1794614399.xml.gz','stored',NULL,NULL,'xs4all.nl','xs4all.nl-example.com-1794528000',9);
INSERT INTO ingest_log VALUES(10,9,'xs4all.nl!example.org!1794528000!1794614399.xml.gz','stored',NULL,NULL,'xs4all.nl','xs4all.nl-example.org-1794528000',10);
INSERT INTO ingest_log VALUES(11,10,'google.com!example.org!1794528000!1794614399.xml','stored',NULL,NULL,'google.com','7739270066213344519',11);
INSERT INTO ingest_log VALUES(12,11,'gmx.net!example.com!1794614400!1794700799.xml.gz','stored',NULL,NULL,'GMX','52fd8a3e1c9b4f6aa0e1d2c3b4a59687',12);
INSERT INTO ingest_log VALUES(13,12,'yahoo.com!example.com!1794268800!1794355199.zip/yahoo.com!example.com!1794268800!1794355199.xml','duplicate','duplicate',NULL,'Yahoo','1794268800.601234',2);
INSERT INTO ingest_log VALUES(14,13,'','conflict','conflict',NULL,'Mail.Ru','21897493826151230101',3);
INSERT INTO ingest_log VALUES(15,15,'broken.example.net!example.net!1794700800!1794787199.xml.gz','rejected','gzip-corrupt','invalid block type',NULL,NULL,NULL);
INSERT INTO ingest_log VALUES(16,16,'protection.outlook.com!example.org!1794182400!1794268800.xml.gz','stored',NULL,NULL,'Outlook.com','9a6e4a9d1c3f4b2e8d7c6b5a49382716',13);
CREATE TABLE reports (
	id		INTEGER PRIMARY KEY,
	org_name	TEXT NOT NULL,		-- as received (trimmed)
	org_key		TEXT NOT NULL,		-- org_name case-folded: the identity
	report_id	TEXT NOT NULL,
	email		TEXT,
	extra_contact	TEXT,
	generator	TEXT,
	version		TEXT,
	schema		TEXT NOT NULL,		-- 'rfc7489', 'dmarc-2.0', 'dmarc-xml-0.1', 'dmarc-xml-0.2'
	date_begin	INTEGER NOT NULL,
	date_end	INTEGER NOT NULL CHECK (date_end >= date_begin),
	policy_domain	TEXT NOT NULL,
	p		TEXT,
	sp		TEXT,
	np		TEXT,
	adkim		TEXT,
	aspf		TEXT,
	pct		INTEGER,
	fo		TEXT,
	testing		TEXT,
	discovery	TEXT,
	record_count	INTEGER NOT NULL DEFAULT 0,
	message_count	INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
	digest		TEXT NOT NULL,		-- SHA-256 of the normalized content
	message		INTEGER REFERENCES messages(id),
	ingested_at	INTEGER NOT NULL,
	UNIQUE (org_key, report_id)
);
INSERT INTO reports VALUES(1,'google.com','google.com','4917052399541683290','noreply-dmarc-support@google.com','https://support.google.com/a/answer/2466580',NULL,'1.0','rfc7489',1794182400,1794268799,'example.com','reject','reject','reject','r','r',100,NULL,NULL,NULL,3,141,'b88643f7dd9973758716cb0269dbcf92f6513e6f69810fbc66a29a147fe0b917',1,1796530723);
INSERT INTO reports VALUES(2,'Yahoo','yahoo','1794268800.601234','dmarchelp@yahooinc.com',NULL,NULL,NULL,'rfc7489',1794268800,1794355199,'example.com','reject','reject',NULL,'r','r',100,NULL,NULL,NULL,2,57,'c354e788c1475e5a8087c41036c0942233dadb601feba07910841d325854c060',2,1796530723);
INSERT INTO reports VALUES(3,'Mail.Ru','mail.ru','21897493826151230101','dmarc_support@corp.mail.ru',NULL,NULL,'1.0','rfc7489',1794268800,1794355200,'example.net','none','none',NULL,'r','r',NULL,NULL,NULL,NULL,1,12,'18bf7ed68cbe368c9862bd4a87ad7be540d2fcd249996458e4485454e3a9a70d',3,1796530723);
INSERT INTO reports VALUES(4,'AMAZON-SES','amazon-ses','6f1f2a9c-8b0e-4c3d-9e2f-5a4b3c2d1e0f','postmaster@amazonses.com',NULL,NULL,'1.0','rfc7489',1794355200,1794441600,'example.com','reject','reject',NULL,'r','r',100,NULL,NULL,NULL,1,31,'a8b441482f7933a22455b8c3adce3942c3d0676187fc77f0fc3b466ce75a3535',4,1796530723);
INSERT INTO reports VALUES(5,'zoho.com','zoho.com','a1b2c3d4e5f60718293a4b5c6d7e8f90','noreply-dmarc@zoho.com',NULL,NULL,'1.0','rfc7489',1794355200,1794441599,'example.org','quarantine','none',NULL,'r','r',100,NULL,NULL,NULL,2,7,'161bd029a6eb9d5e820f1c7310d87257e7eae2d19dfda627223df9efeee9e8a4',5,1796530723);
INSERT INTO reports VALUES(6,'reports.example.net','reports.example.net','rpt-2026-11-11-0007','dmarc@reports.example.net',NULL,NULL,'1.0','rfc7489',1794355200,1794441600,'example.com','reject','reject',NULL,'r','r',NULL,NULL,NULL,NULL,2,29,'18a19985403ddedd5cd69cd905128cad10deebf6bee88017df832230542aa253',6,1796530723);
INSERT INTO reports VALUES(7,'mx1.example.org','mx1.example.org','mx1.example.org-1794441600-example.com','dmarc-reports@mx1.example.org',NULL,'rspamd 3.10','1.0','rfc7489',1794441600,1794527999,'example.com','reject','reject',NULL,'r','r',NULL,NULL,NULL,NULL,2,19,'2a7c4cdb47410b35060b10b162fbdb0d403e9727e16a6ddd672e5ca6b4c3e30e',7,1796530723);
INSERT INTO reports VALUES(8,'Fastmail Pty Ltd','fastmail pty ltd','1794441600000123','dmarc-reports@fastmail.com',NULL,NULL,'1.0','rfc7489',1794441600,1794527999,'example.net','none','none',NULL,'r','r',NULL,NULL,NULL,NULL,2,5,'fb67e6ee86572c80a182f4f40c309d416e740c92cca50df157af27e86a7ceded',8,1796530723);
INSERT INTO reports VALUES(9,'xs4all.nl','xs4all.nl','xs4all.nl-example.com-1794528000','dmarc@xs4all.nl',NULL,NULL,'1.0','rfc7489',1794528000,1794614399,'example.com','reject','reject',NULL,'r','r',NULL,NULL,NULL,NULL,1,7,'c6fe6aa83154e373e664d9fa123fb28f12ace46693f5f0639af37db6bfb29a7d',9,1796530723);
INSERT INTO reports VALUES(10,'xs4all.nl','xs4all.nl','xs4all.nl-example.org-1794528000','dmarc@xs4all.nl',NULL,NULL,'1.0','rfc7489',1794528000,1794614399,'example.org','quarantine','quarantine',NULL,'r','r',NULL,NULL,NULL,NULL,2,6,'a5db626fe7a2cd48bb591611368877da0bfc227b66aef0238caa2b1b62289d13',9,1796530723);
INSERT INTO reports VALUES(11,'google.com','google.com','7739270066213344519','noreply-dmarc-support@google.com',NULL,NULL,'1.0','rfc7489',1794528000,1794614399,'example.org','quarantine','quarantine','quarantine','r','r',100,NULL,NULL,NULL,3,92,'4d46552eb5777fd9beed0c1d4b5f9bd5393997f7e861502769629837fb189c8e',10,1796530723);
INSERT INTO reports VALUES(12,'GMX','gmx','52fd8a3e1c9b4f6aa0e1d2c3b4a59687','noreply-dmarc@gmx.net',NULL,'GMX DMARC Reporter','1.0','dmarc-2.0',1794614400,1794700799,'example.com','reject','reject','reject','r','r',NULL,NULL,'n','treewalk',2,12,'8afe80f69916e2ed53b21e94b284aa33bf6675f64bf9b7f0bc5c46648acb05c7',11,1796530723);
INSERT INTO reports VALUES(13,'Outlook.com','outlook.com','9a6e4a9d1c3f4b2e8d7c6b5a49382716','dmarcreport@microsoft.com',NULL,NULL,'1.0','rfc7489',1794182400,1794268800,'example.org','quarantine','quarantine',NULL,'r','r',100,'0',NULL,NULL,3,52,'2677a73c942ef976c924990004911b308bcd8b6091b49a54bd716ecd685473a7',16,1796530723);
CREATE TABLE report_errors (
	report		INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL,
	text		TEXT NOT NULL,
	PRIMARY KEY (report, seq)
);
CREATE TABLE records (
	id		INTEGER PRIMARY KEY,
	report		INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	source_ip	TEXT NOT NULL,
	ip_version	INTEGER NOT NULL CHECK (ip_version IN (4, 6)),
	count		INTEGER NOT NULL CHECK (count >= 0),
	disposition	TEXT,			-- none|quarantine|reject|pass, NULL if unknown
	disposition_raw	TEXT,
	dkim_eval	TEXT,			-- aligned DKIM result as the reporter saw it: pass|fail
	spf_eval	TEXT,			-- aligned SPF result: pass|fail
	eval_derived	INTEGER NOT NULL DEFAULT 0,	-- 1: dkim/spf_eval derived by us
	header_from	TEXT,
	envelope_from	TEXT,
	envelope_to	TEXT
, dmarc_pass INTEGER
    GENERATED ALWAYS AS (dkim_eval IS 'pass' OR spf_eval IS 'pass') VIRTUAL);
INSERT INTO records VALUES(1,1,'192.0.2.10',4,120,'none',NULL,'pass','pass',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(2,1,'198.51.100.23',4,4,'reject',NULL,'fail','fail',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(3,1,'2001:db8::25',6,17,'none',NULL,'pass','fail',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(4,2,'192.0.2.10',4,55,'none',NULL,'pass','pass',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(5,2,'192.0.2.200',4,2,'reject',NULL,'fail','fail',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(6,3,'198.51.100.40',4,12,'none',NULL,'fail','pass',0,'example.net','example.net',NULL);
INSERT INTO records VALUES(7,4,'2001:db8:1234::17',6,31,'none',NULL,'pass','pass',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(8,5,'203.0.113.5',4,6,'none',NULL,'pass','pass',0,'example.org',NULL,NULL);
INSERT INTO records VALUES(9,5,'203.0.113.99',4,1,'quarantine',NULL,'fail','fail',0,'example.org',NULL,NULL);
INSERT INTO records VALUES(10,6,'203.0.113.44',4,8,'reject',NULL,'fail','fail',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(11,6,'192.0.2.10',4,21,'none',NULL,'pass','pass',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(12,7,'192.0.2.10',4,14,'none',NULL,'pass','pass',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(13,7,'198.51.100.200',4,5,'none',NULL,'pass','fail',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(14,8,'198.51.100.40',4,3,'none',NULL,'pass','pass',0,'example.net',NULL,NULL);
INSERT INTO records VALUES(15,8,'2001:db8:ffff::1',6,2,'none',NULL,'fail','fail',0,'example.net',NULL,NULL);
INSERT INTO records VALUES(16,9,'192.0.2.11',4,7,'none',NULL,'pass','pass',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(17,10,'203.0.113.5',4,4,'none',NULL,'pass','pass',0,'example.org',NULL,NULL);
INSERT INTO records VALUES(18,10,'203.0.113.250',4,2,'quarantine',NULL,'fail','fail',0,'example.org',NULL,NULL);
INSERT INTO records VALUES(19,11,'203.0.113.5',4,80,'none',NULL,'pass','pass',0,'example.org',NULL,NULL);
INSERT INTO records VALUES(20,11,'198.51.100.9',4,11,'quarantine',NULL,'fail','fail',0,'example.org',NULL,NULL);
INSERT INTO records VALUES(21,11,'192.0.2.77',4,1,'none',NULL,'fail','fail',0,'example.org',NULL,NULL);
INSERT INTO records VALUES(22,12,'192.0.2.10',4,9,'pass',NULL,'pass','pass',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(23,12,'203.0.113.66',4,3,'reject',NULL,'fail','fail',0,'example.com',NULL,NULL);
INSERT INTO records VALUES(24,13,'203.0.113.5',4,40,'none',NULL,'pass','pass',0,'example.org','example.org','outlook.com');
INSERT INTO records VALUES(25,13,'203.0.113.5',4,9,'none',NULL,'pass','pass',0,'example.org','example.org','hotmail.com');
INSERT INTO records VALUES(26,13,'198.51.100.77',4,3,'quarantine',NULL,'fail','fail',0,'example.org','spam.example.net','outlook.com');
CREATE TABLE conflicts (
	id		INTEGER PRIMARY KEY,
	report		INTEGER NOT NULL REFERENCES reports(id),	-- the report kept
	digest		TEXT NOT NULL,		-- digest of the conflicting copy
	message		INTEGER REFERENCES messages(id),
	seen_at		INTEGER NOT NULL
);
INSERT INTO conflicts VALUES(1,3,'fecec6b059ade0c40af7a524a2d8402f629199710e2f8fe4993720897a3ea233',13,1796530723);
CREATE TABLE ptr_cache (
	ip		TEXT PRIMARY KEY,
	status		TEXT NOT NULL CHECK (status IN ('ok','nxdomain','nodata')),
	name		TEXT,
	fcrdns		INTEGER,
	ttl		INTEGER NOT NULL,
	fetched_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL
);
CREATE TABLE dns_cache (
	qname		TEXT NOT NULL,
	qtype		INTEGER NOT NULL,
	status		TEXT NOT NULL,
	answer		TEXT,
	ttl		INTEGER NOT NULL,
	fetched_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	PRIMARY KEY (qname, qtype)
);
CREATE TABLE report_stats (
	report		INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
	records		INTEGER NOT NULL DEFAULT 0,
	messages	INTEGER NOT NULL DEFAULT 0,
	dmarc_pass	INTEGER NOT NULL DEFAULT 0,
	dkim_aligned	INTEGER NOT NULL DEFAULT 0,
	spf_aligned	INTEGER NOT NULL DEFAULT 0,
	disp_none	INTEGER NOT NULL DEFAULT 0,
	disp_quarantine	INTEGER NOT NULL DEFAULT 0,
	disp_reject	INTEGER NOT NULL DEFAULT 0
);
INSERT INTO report_stats VALUES(1,3,141,137,137,120,137,0,4);
INSERT INTO report_stats VALUES(2,2,57,55,55,55,55,0,2);
INSERT INTO report_stats VALUES(3,1,12,12,0,12,12,0,0);
INSERT INTO report_stats VALUES(4,1,31,31,31,31,31,0,0);
INSERT INTO report_stats VALUES(5,2,7,6,6,6,6,1,0);
INSERT INTO report_stats VALUES(6,2,29,21,21,21,21,0,8);
INSERT INTO report_stats VALUES(7,2,19,19,19,14,19,0,0);
INSERT INTO report_stats VALUES(8,2,5,3,3,3,5,0,0);
INSERT INTO report_stats VALUES(9,1,7,7,7,7,7,0,0);
INSERT INTO report_stats VALUES(10,2,6,4,4,4,4,2,0);
INSERT INTO report_stats VALUES(11,3,92,80,80,80,81,11,0);
INSERT INTO report_stats VALUES(12,2,12,9,9,9,0,0,3);
INSERT INTO report_stats VALUES(13,3,52,49,49,49,49,3,0);
CREATE TABLE dns_checks (
	id		INTEGER PRIMARY KEY,
	domain		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('dmarc','spf','dkim','mx')),
	name		TEXT NOT NULL,
	status		TEXT NOT NULL,
	record		TEXT,
	valid		INTEGER,
	summary_json	TEXT NOT NULL,
	first_seen	INTEGER NOT NULL,
	last_seen	INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "dkim_results" (
	record		INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL DEFAULT 0,
	domain		TEXT,
	selector	TEXT,
	result		TEXT,
	result_raw	TEXT,
	human_result	TEXT,
	PRIMARY KEY (record, seq)
) WITHOUT ROWID;
INSERT INTO dkim_results VALUES(1,0,'example.com','google','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(2,0,'example.com','s1','fail',NULL,NULL);
INSERT INTO dkim_results VALUES(3,0,'example.com','google','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(4,0,'example.com','s1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(5,0,'example.com','s1','permerror',NULL,NULL);
INSERT INTO dkim_results VALUES(6,0,'example.net','mail','fail',NULL,NULL);
INSERT INTO dkim_results VALUES(7,0,'example.com','s1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(8,0,'example.org','selector1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(9,0,'evil.example.net','k1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(11,0,'example.com','s1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(12,0,'example.com','s1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(13,0,'example.com','s1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(14,0,'example.net','fm1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(15,0,'example.net','fm1','fail',NULL,NULL);
INSERT INTO dkim_results VALUES(16,0,'example.com','s1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(17,0,'example.org','selector2','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(19,0,'example.org','google','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(20,0,'example.org','google','fail',NULL,NULL);
INSERT INTO dkim_results VALUES(22,0,'example.com','s1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(23,0,'example.com','s1','fail',NULL,NULL);
INSERT INTO dkim_results VALUES(24,0,'example.org','selector1','pass',NULL,NULL);
INSERT INTO dkim_results VALUES(25,0,'example.org','selector1','pass',NULL,NULL);
CREATE TABLE IF NOT EXISTS "spf_results" (
	record		INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL DEFAULT 0,
	domain		TEXT,
	scope		TEXT,
	result		TEXT,
	result_raw	TEXT,
	human_result	TEXT,
	PRIMARY KEY (record, seq)
) WITHOUT ROWID;
INSERT INTO spf_results VALUES(1,0,'example.com','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(2,0,'mail.example.net','mfrom','softfail',NULL,NULL);
INSERT INTO spf_results VALUES(3,0,'lists.example.org','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(4,0,'example.com','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(5,0,'example.com','mfrom','fail',NULL,NULL);
INSERT INTO spf_results VALUES(6,0,'example.net','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(7,0,'amazonses.example.com','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(8,0,'example.org','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(9,0,'evil.example.net','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(10,0,'example.com','mfrom','fail',NULL,NULL);
INSERT INTO spf_results VALUES(11,0,'example.com','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(12,0,'example.com','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(13,0,'list.example.net','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(14,0,'example.net','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(15,0,'example.net','mfrom','softfail',NULL,NULL);
INSERT INTO spf_results VALUES(16,0,'example.com','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(17,0,'example.org','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(18,0,'example.org','mfrom','fail',NULL,NULL);
INSERT INTO spf_results VALUES(19,0,'example.org','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(20,0,'example.org','mfrom','fail',NULL,NULL);
INSERT INTO spf_results VALUES(21,0,'example.org','mfrom','softfail',NULL,NULL);
INSERT INTO spf_results VALUES(22,0,'example.com','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(23,0,'example.com','mfrom','fail',NULL,NULL);
INSERT INTO spf_results VALUES(24,0,'example.org','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(25,0,'example.org','mfrom','pass',NULL,NULL);
INSERT INTO spf_results VALUES(26,0,'spam.example.net','mfrom','fail',NULL,NULL);
CREATE TABLE IF NOT EXISTS "record_reasons" (
	record		INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL DEFAULT 0,
	type		TEXT,
	type_raw	TEXT,
	comment		TEXT,
	PRIMARY KEY (record, seq)
) WITHOUT ROWID;
INSERT INTO record_reasons VALUES(10,0,'local_policy',NULL,'blocked by receiver');
INSERT INTO record_reasons VALUES(13,0,'mailing_list',NULL,'list.example.net');
INSERT INTO record_reasons VALUES(21,0,'sampled_out',NULL,'');
CREATE TABLE report_selectors (
	domain		TEXT NOT NULL,
	selector	TEXT NOT NULL,
	report		INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
	PRIMARY KEY (domain, selector, report)
) WITHOUT ROWID;
INSERT INTO report_selectors VALUES('example.com','google',1);
INSERT INTO report_selectors VALUES('example.com','s1',1);
INSERT INTO report_selectors VALUES('example.com','s1',2);
INSERT INTO report_selectors VALUES('example.net','mail',3);
INSERT INTO report_selectors VALUES('example.com','s1',4);
INSERT INTO report_selectors VALUES('evil.example.net','k1',5);
INSERT INTO report_selectors VALUES('example.org','selector1',5);
INSERT INTO report_selectors VALUES('example.com','s1',6);
INSERT INTO report_selectors VALUES('example.com','s1',7);
INSERT INTO report_selectors VALUES('example.net','fm1',8);
INSERT INTO report_selectors VALUES('example.com','s1',9);
INSERT INTO report_selectors VALUES('example.org','selector2',10);
INSERT INTO report_selectors VALUES('example.org','google',11);
INSERT INTO report_selectors VALUES('example.com','s1',12);
INSERT INTO report_selectors VALUES('example.org','selector1',13);
CREATE INDEX messages_source ON messages(source_key);
CREATE INDEX messages_time ON messages(ingested_at);
CREATE INDEX ingest_log_message ON ingest_log(message);
CREATE INDEX reports_domain_end ON reports(policy_domain, date_end, date_begin,
    org_key, p, sp, adkim, aspf, pct);
CREATE INDEX reports_end ON reports(date_end, date_begin, policy_domain);
CREATE INDEX dns_checks_object ON dns_checks(domain, kind, name, id);
CREATE VIEW dns_check_current AS
SELECT
	c.domain	AS domain,
	c.kind		AS kind,
	c.name		AS name,
	c.status	AS status,
	c.record	AS record,
	c.valid		AS valid,
	c.summary_json	AS summary_json,
	c.first_seen	AS since,
	c.last_seen	AS checked_at,
	p.status	AS previous_status,
	p.record	AS previous_record,
	p.last_seen	AS previous_seen
FROM dns_checks c
LEFT JOIN dns_checks p ON p.id = (
	SELECT max(q.id) FROM dns_checks q
	WHERE q.domain = c.domain AND q.kind = c.kind AND q.name = c.name
	    AND q.id < c.id)
WHERE c.id = (
	SELECT max(m.id) FROM dns_checks m
	WHERE m.domain = c.domain AND m.kind = c.kind AND m.name = c.name);
CREATE INDEX records_report ON records(report);
CREATE INDEX report_selectors_report ON report_selectors(report);
CREATE TRIGGER records_stats_delete AFTER DELETE ON records
WHEN EXISTS (SELECT 1 FROM reports WHERE id = OLD.report)
BEGIN
	DELETE FROM report_stats WHERE report = OLD.report;
	INSERT INTO report_stats SELECT * FROM report_stats_derived
	    WHERE report = OLD.report;
END;
CREATE TRIGGER records_stats_update AFTER UPDATE OF report, count, dkim_eval,
    spf_eval, disposition ON records
BEGIN
	DELETE FROM report_stats WHERE report IN (OLD.report, NEW.report);
	INSERT INTO report_stats SELECT * FROM report_stats_derived
	    WHERE report IN (OLD.report, NEW.report);
END;
CREATE VIEW report_summary AS
SELECT
	r.org_name		AS org_name,
	r.report_id		AS report_id,
	r.policy_domain		AS policy_domain,
	r.date_begin		AS date_begin,
	r.date_end		AS date_end,
	r.record_count		AS record_count,
	r.message_count		AS message_count,
	r.email			AS email,
	r.p			AS p,
	r.sp			AS sp,
	r.schema		AS schema,
	r.ingested_at		AS ingested_at
FROM reports r;
CREATE VIEW record_detail AS
SELECT
	r.org_name		AS reporter,
	r.report_id		AS report_id,
	r.policy_domain		AS policy_domain,
	r.date_begin		AS date_begin,
	r.date_end		AS date_end,
	c.source_ip		AS source_ip,
	c.count			AS message_count,
	c.disposition		AS disposition,
	c.dkim_eval		AS dkim,
	c.spf_eval		AS spf,
	CASE WHEN c.dmarc_pass THEN 'pass' ELSE 'fail' END AS dmarc,
	c.header_from		AS header_from,
	c.envelope_from		AS envelope_from,
	c.envelope_to		AS envelope_to,
	(SELECT group_concat(coalesce(d.domain, '') || ':' || coalesce(d.result, ''), ';')
	   FROM dkim_results d WHERE d.record = c.id) AS dkim_results,
	(SELECT group_concat(coalesce(s.domain, '') || ':' || coalesce(s.result, ''), ';')
	   FROM spf_results s WHERE s.record = c.id) AS spf_results,
	c.id			AS record_rowid,
	r.id			AS report_rowid
FROM records c JOIN reports r ON r.id = c.report;
CREATE VIEW rejected_inputs AS
SELECT m.path, m.message_id, m.outcome, m.reason, m.detail, m.ingested_at
FROM messages m
WHERE m.outcome IN ('rejected', 'not_report')
ORDER BY m.ingested_at DESC;
CREATE VIEW report_stats_derived AS
SELECT
	report,
	count(*)					AS records,
	sum(count)					AS messages,
	sum(CASE WHEN dmarc_pass THEN count ELSE 0 END)	AS dmarc_pass,
	sum(CASE WHEN dkim_eval = 'pass' THEN count ELSE 0 END)	AS dkim_aligned,
	sum(CASE WHEN spf_eval = 'pass' THEN count ELSE 0 END)	AS spf_aligned,
	sum(CASE WHEN disposition = 'none' THEN count ELSE 0 END)	AS disp_none,
	sum(CASE WHEN disposition = 'quarantine' THEN count ELSE 0 END) AS disp_quarantine,
	sum(CASE WHEN disposition = 'reject' THEN count ELSE 0 END)	AS disp_reject
FROM records
GROUP BY report;
COMMIT;
PRAGMA user_version = 5;
PRAGMA application_id = 1145918019;
