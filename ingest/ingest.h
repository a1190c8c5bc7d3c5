#ifndef DR_INGEST_H
#define DR_INGEST_H
#endif
