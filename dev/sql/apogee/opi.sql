-- The Apogée tables the OpiMetier web service writes and BATCH_ASYNC_OPI reads back
-- (external-interfaces.md §3.2), with the columns involved, for the tests' and the bench's fake
-- service: in production they are Apogée's own (Oracle), written by AMUE's service only.
CREATE TABLE IND_OPI (
    COD_IND_OPI integer PRIMARY KEY,
    COD_OPI_INT_EPO varchar(10),
    COD_ETU_OPI integer,
    COD_NNE_IND_OPI varchar(10),
    COD_CLE_NNE_IND_OPI varchar(2),
    LIB_NOM_PAT_IND_OPI varchar(30),
    LIB_NOM_USU_IND_OPI varchar(30),
    LIB_PR1_IND_OPI varchar(20),
    LIB_PR2_IND_OPI varchar(20),
    DATE_NAI_IND_OPI date,
    COD_SEX_ETU_OPI char(1),
    ADR_MAIL_OPI varchar(200)
);
CREATE TABLE VOEUX_INS (
    COD_IND_OPI integer NOT NULL,
    COD_CGE varchar(3) NOT NULL,
    COD_ETP varchar(6) NOT NULL,
    COD_VRS_VET integer NOT NULL,
    COD_DIP varchar(7),
    COD_VRS_VDI integer,
    COD_DEC_VEU char(1),
    COD_DEM_DOS char(1),
    PRIMARY KEY (COD_IND_OPI, COD_CGE, COD_ETP, COD_VRS_VET)
);
CREATE TABLE OPI_PJ (
    COD_IND_OPI integer NOT NULL,
    COD_TPJ varchar(5) NOT NULL,
    NOM_FIC varchar(200),
    PRIMARY KEY (COD_IND_OPI, COD_TPJ)
);
